namespace MetricsOperator.Reconciliation.Spec;

/// <summary>
/// The floors the operator enforces on a MetricsBackend spec and on its own lease timings. The process flag
/// <c>--development-mode</c> (never set by the manifests) lowers them so tests can use one-second resolutions,
/// sub-second leases and certificates that live for seconds.
/// </summary>
internal sealed record DevelopmentMode
{
    /// <summary>Production floors: what metrics-server and the Kubernetes components accept.</summary>
    public static DevelopmentMode Off { get; } = new()
    {
        Enabled = false,
        MinimumResolution = TimeSpan.FromSeconds(10),
        MinimumServingValidity = TimeSpan.FromHours(1),
        MinimumCaValidity = TimeSpan.FromHours(2),
        BundlePropagationDelay = TimeSpan.FromMinutes(1),
        MinimumLeaseDuration = TimeSpan.FromSeconds(5),
        MinimumLeaseRenewDeadline = TimeSpan.FromSeconds(2),
        MinimumLeaseRetryPeriod = TimeSpan.FromSeconds(1),
    };

    /// <summary>Floors for tests: short enough to watch a rotation or a failover happen within seconds.</summary>
    public static DevelopmentMode On { get; } = new()
    {
        Enabled = true,
        MinimumResolution = TimeSpan.FromSeconds(1),
        MinimumServingValidity = TimeSpan.FromSeconds(5),
        MinimumCaValidity = TimeSpan.FromSeconds(10),
        BundlePropagationDelay = TimeSpan.FromSeconds(1),
        MinimumLeaseDuration = TimeSpan.FromSeconds(1),
        MinimumLeaseRenewDeadline = TimeSpan.FromMilliseconds(300),
        MinimumLeaseRetryPeriod = TimeSpan.FromMilliseconds(100),
    };

    public bool Enabled { get; private init; }

    public TimeSpan MinimumResolution { get; private init; }

    public TimeSpan MinimumServingValidity { get; private init; }

    public TimeSpan MinimumCaValidity { get; private init; }

    /// <summary>How long a caBundle with a new CA is published before the serving certificate may switch to it.</summary>
    public TimeSpan BundlePropagationDelay { get; private init; }

    public TimeSpan MinimumLeaseDuration { get; private init; }

    public TimeSpan MinimumLeaseRenewDeadline { get; private init; }

    public TimeSpan MinimumLeaseRetryPeriod { get; private init; }

    public static DevelopmentMode For(bool enabled) => enabled ? On : Off;
}
