using System.Net;
using System.Text.RegularExpressions;

namespace MetricsOperator.Hosting;

internal enum LogFormat
{
    Text,
    Json,
}

/// <summary>
/// How this process runs (where it connects, what it binds, how it logs). Backend settings such as the
/// resolution are not here: they come from the MetricsBackend resource.
/// </summary>
internal sealed partial record ProcessOptions
{
    public string? Kubeconfig { get; init; }

    public string Namespace { get; init; } = string.Empty;

    public string PodName { get; init; } = string.Empty;

    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    public int SecurePort { get; init; } = 4443;

    public LogFormat LogFormat { get; init; } = LogFormat.Text;

    /// <summary>PEM serving certificate, watched and reloaded without a restart; with <see cref="TlsPrivateKeyFile"/>.</summary>
    public string? TlsCertFile { get; init; }

    public string? TlsPrivateKeyFile { get; init; }

    /// <summary>Every problem with these options, each naming its flag; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Kubeconfig is not null && !File.Exists(Kubeconfig))
        {
            errors.Add($"--kubeconfig: file \"{Kubeconfig}\" does not exist");
        }

        if (Namespace.Length == 0)
        {
            errors.Add("--namespace is required (or set POD_NAMESPACE)");
        }
        else if (!DnsLabel().IsMatch(Namespace))
        {
            errors.Add($"--namespace: \"{Namespace}\" is not a valid namespace name (lowercase RFC 1123 label, at most 63 characters)");
        }

        if (PodName.Length == 0)
        {
            errors.Add("--pod-name is required (or set POD_NAME)");
        }
        else if (PodName.Length > 253 || !DnsSubdomain().IsMatch(PodName))
        {
            errors.Add($"--pod-name: \"{PodName}\" is not a valid pod name (lowercase RFC 1123 subdomain)");
        }

        if (SecurePort is < 0 or > 65535)
        {
            errors.Add($"--secure-port: {SecurePort} is outside 0-65535");
        }

        ValidateTlsFiles(errors);
        return errors;
    }

    private void ValidateTlsFiles(List<string> errors)
    {
        if (TlsCertFile is null != TlsPrivateKeyFile is null)
        {
            errors.Add("--tls-cert-file and --tls-private-key-file go together: set both or neither");
        }

        if (TlsCertFile is not null && !File.Exists(TlsCertFile))
        {
            errors.Add($"--tls-cert-file: file \"{TlsCertFile}\" does not exist");
        }

        if (TlsPrivateKeyFile is not null && !File.Exists(TlsPrivateKeyFile))
        {
            errors.Add($"--tls-private-key-file: file \"{TlsPrivateKeyFile}\" does not exist");
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
