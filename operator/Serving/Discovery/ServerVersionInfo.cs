using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Serialization;

namespace MetricsOperator.Serving.Discovery;

/// <summary>
/// The <c>/version</c> object (apimachinery <c>version.Info</c>) describing this server, as metrics-server describes
/// itself rather than the cluster. The Go-named fields carry the .NET equivalents: <see cref="GoVersion"/> is the
/// runtime, <see cref="Compiler"/> the C# compiler. What the build does not record (tree state, build date) stays empty.
/// </summary>
internal sealed record ServerVersionInfo(
    string Major,
    string Minor,
    string GitVersion,
    string GitCommit,
    string GitTreeState,
    string BuildDate,
    string GoVersion,
    string Compiler,
    string Platform)
{
    /// <summary>The OpenAPI <c>info.version</c>: the release without pre-release or build suffix, as the reference does.</summary>
    [JsonIgnore]
    public string ReleaseVersion => GitVersion.Split('-', '+')[0];

    /// <summary>
    /// Reads the version from <paramref name="assembly"/>'s informational version (<c>1.2.3-rc.1+commit</c>, the
    /// form the SDK writes), falling back to its assembly version.
    /// </summary>
    public static ServerVersionInfo FromAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var version = string.IsNullOrWhiteSpace(informational)
            ? assembly.GetName().Version?.ToString(3) ?? "0.0.0"
            : informational;
        return FromVersionString(version);
    }

    /// <summary>Builds the object from a semantic version with optional <c>+commit</c> build metadata.</summary>
    public static ServerVersionInfo FromVersionString(string version)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        var release = plus < 0 ? version : version[..plus];
        var commit = plus < 0 ? string.Empty : version[(plus + 1)..];
        var numbers = release.Split('-')[0].Split('.');
        if (numbers.Length < 2 || !numbers.All(IsDigits))
        {
            throw new FormatException($"server version \"{version}\" is not of the form MAJOR.MINOR[.PATCH][-PRERELEASE][+COMMIT]");
        }

        return new ServerVersionInfo(
            Major: numbers[0],
            Minor: numbers[1],
            GitVersion: "v" + release,
            GitCommit: commit,
            GitTreeState: string.Empty,
            BuildDate: string.Empty,
            GoVersion: RuntimeInformation.FrameworkDescription,
            Compiler: "roslyn",
            Platform: CurrentPlatform());
    }

    private static bool IsDigits(string part) => part.Length > 0 && part.All(char.IsAsciiDigit);

    /// <summary>In Go's GOOS/GOARCH spelling, as clients expect it (<c>linux/amd64</c>).</summary>
    private static string CurrentPlatform()
    {
        var os = OperatingSystem.IsLinux() ? "linux"
            : OperatingSystem.IsWindows() ? "windows"
            : OperatingSystem.IsMacOS() ? "darwin"
            : RuntimeInformation.OSDescription.ToLowerInvariant();
        var architecture = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "amd64",
            Architecture.X86 => "386",
            Architecture.Arm64 => "arm64",
            Architecture.Arm => "arm",
            var other => other.ToString().ToLowerInvariant(),
        };
        return os + "/" + architecture;
    }
}
