using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace MetricsOperator.Tests.Serving.Protobuf;

/// <summary>
/// Runs the protoc that ships in the restored Grpc.Tools package (its root is recorded in the test assembly at build
/// time) against the message descriptions in <c>Proto/</c>, which are written from the upstream field numbers.
/// </summary>
internal static class Protoc
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly Lazy<string> Executable = new(Locate);

    public static string ProtoDirectory => Path.Combine(AppContext.BaseDirectory, "Serving", "Protobuf", "Proto");

    /// <summary><c>protoc --decode_raw</c>: the message by field numbers, without any schema.</summary>
    public static Task<string> DecodeRawAsync(byte[] message) => RunAsync(message, "--decode_raw");

    /// <summary><c>protoc --decode=TYPE</c> with our .proto files: the message in text format, by field names.</summary>
    public static Task<string> DecodeAsync(byte[] message, string messageType) => RunAsync(
        message,
        $"--proto_path={ProtoDirectory}",
        $"--decode={messageType}",
        "meta.proto",
        "resource.proto",
        "runtime.proto",
        "metrics.proto");

    internal static async Task<string> RunAsync(byte[] input, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable.Value)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = ProtoDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        using var timeout = new CancellationTokenSource(Timeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.StandardInput.BaseStream.WriteAsync(input, timeout.Token);
        process.StandardInput.Close();
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"protoc {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}");
        }

        return (await output).ReplaceLineEndings("\n");
    }

    private static string Locate()
    {
        var root = typeof(Protoc).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == "GrpcToolsPackageRoot")?.Value;
        if (string.IsNullOrEmpty(root))
        {
            throw new InvalidOperationException("the test assembly does not record the Grpc.Tools package root (GeneratePathProperty on its PackageReference)");
        }

        var os = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macosx" : "linux";
        var cpu = OperatingSystem.IsMacOS() ? "universal" : RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.X86 => "x86",
            Architecture.Arm64 => "arm64",
            var other => throw new PlatformNotSupportedException($"Grpc.Tools ships no protoc for {other}"),
        };
        var path = Path.Combine(root, "tools", $"{os}_{cpu}", OperatingSystem.IsWindows() ? "protoc.exe" : "protoc");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"protoc not found in the restored Grpc.Tools package: {path}", path);
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) == 0)
        {
            throw new InvalidOperationException($"{path} is not executable; restore the package again or chmod +x it");
        }

        return path;
    }

    /// <summary>The text of a byte string as protoc prints it, for comparing with its output.</summary>
    public static string Escape(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes)
        {
            text.Append(b is >= 0x20 and < 0x7f and not (byte)'"' and not (byte)'\\' ? (char)b : $"\\{Convert.ToString(b, 8).PadLeft(3, '0')}");
        }

        return text.ToString();
    }
}
