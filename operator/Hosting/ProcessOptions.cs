using System.Net;
using System.Text.RegularExpressions;
using MetricsOperator.Reconciliation.Spec;

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

    /// <summary>Name of the Lease (in <see cref="Namespace"/>) the replicas compete for; only its holder reconciles.</summary>
    public string LeaseName { get; init; } = "metrics-operator-leader";

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan LeaseRenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan LeaseRetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The cluster's DNS domain, the last part of the serving certificate's longest DNS name.</summary>
    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary>The Service in front of the replicas, which the APIService points at.</summary>
    public string ServiceName { get; init; } = "metrics-operator";

    /// <summary>How long a stopping process lets in-flight requests finish before it ends them.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Lowers the floors on resolutions, lease timings and certificate lifetimes, for tests. Never set by the manifests.</summary>
    public bool DevelopmentMode { get; init; }

    public DevelopmentMode Development => Reconciliation.Spec.DevelopmentMode.For(DevelopmentMode);

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

        if (LeaseName.Length is 0 or > 253 || !DnsSubdomain().IsMatch(LeaseName))
        {
            errors.Add($"--lease-name: \"{LeaseName}\" is not a valid Lease name (lowercase RFC 1123 subdomain)");
        }

        if (ServiceName.Length == 0 || !DnsLabel().IsMatch(ServiceName) || char.IsAsciiDigit(ServiceName[0]))
        {
            errors.Add($"--service-name: \"{ServiceName}\" is not a valid Service name (lowercase RFC 1035 label: starts with a letter, at most 63 characters)");
        }

        if (ClusterDomain.Length is 0 or > 253 || !DnsSubdomain().IsMatch(ClusterDomain))
        {
            errors.Add($"--cluster-domain: \"{ClusterDomain}\" is not a DNS domain such as cluster.local");
        }

        if (ShutdownTimeout <= TimeSpan.Zero)
        {
            errors.Add("--shutdown-timeout: must be positive");
        }

        ValidateLease(errors);
        ValidateTlsFiles(errors);
        return errors;
    }

    private void ValidateLease(List<string> errors)
    {
        var floors = Development;
        var hint = floors.Enabled ? string.Empty : " (--development-mode allows shorter ones)";
        var before = errors.Count;
        CheckFloor(errors, "--lease-duration", LeaseDuration, floors.MinimumLeaseDuration, hint);
        CheckFloor(errors, "--lease-renew-deadline", LeaseRenewDeadline, floors.MinimumLeaseRenewDeadline, hint);
        CheckFloor(errors, "--lease-retry-period", LeaseRetryPeriod, floors.MinimumLeaseRetryPeriod, hint);
        if (errors.Count > before)
        {
            return;
        }

        // The order client-go's (and the C# client's) leader election needs: a holder must be able to renew
        // (retrying, with jitter up to 1.2 × the retry period) before its deadline, and give up before the lease lapses.
        if (LeaseDuration <= LeaseRenewDeadline)
        {
            errors.Add($"--lease-duration ({Format(LeaseDuration)}) must be longer than --lease-renew-deadline ({Format(LeaseRenewDeadline)})");
        }

        if (LeaseRenewDeadline <= LeaseRetryPeriod * 1.2)
        {
            errors.Add($"--lease-renew-deadline ({Format(LeaseRenewDeadline)}) must be longer than 1.2 × --lease-retry-period ({Format(LeaseRetryPeriod * 1.2)})");
        }
    }

    private static void CheckFloor(List<string> errors, string flag, TimeSpan value, TimeSpan floor, string hint)
    {
        if (value < floor)
        {
            errors.Add($"{flag}: {Format(value)} is below the minimum of {Format(floor)}{hint}");
        }
    }

    private static string Format(TimeSpan duration) => Storage.GoDurationFormatter.Format(duration);

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
