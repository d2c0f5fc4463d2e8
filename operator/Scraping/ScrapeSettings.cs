using MetricsOperator.Kubernetes.Selectors;

namespace MetricsOperator.Scraping;

/// <summary>Node address types, in the order the kubelet address resolver may prefer them.</summary>
internal enum NodeAddressType
{
    Hostname,
    InternalIP,
    ExternalIP,
    InternalDNS,
    ExternalDNS,
}

/// <summary>
/// Backend settings of the scraping pipeline. They come from the MetricsBackend resource (issue "operator");
/// until then from defaults. Replaced at run time through <see cref="ScrapeSettingsSource"/>, never mutated.
/// </summary>
internal sealed record ScrapeSettings
{
    public static readonly TimeSpan MinimumResolution = TimeSpan.FromSeconds(10);
    public const long DefaultMaxResponseBytes = 10L * 1024 * 1024;

    public TimeSpan Resolution { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Per-node request timeout; null means the smaller of 10 s and 90% of the resolution.</summary>
    public TimeSpan? Timeout { get; init; }

    public IReadOnlyList<NodeAddressType> PreferredAddressTypes { get; init; } =
        [NodeAddressType.InternalIP, NodeAddressType.ExternalIP, NodeAddressType.Hostname];

    /// <summary>Use <c>status.daemonEndpoints.kubeletEndpoint.port</c> when it is set (non-zero).</summary>
    public bool UseNodeStatusPort { get; init; } = true;

    public int KubeletPort { get; init; } = 10250;

    /// <summary>Label selector (Kubernetes syntax) restricting which nodes are scraped; empty means all.</summary>
    public string NodeSelector { get; init; } = string.Empty;

    /// <summary>PEM bundle the kubelet serving certificates must chain to; null means the cluster CA.</summary>
    public string? KubeletCaBundlePem { get; init; }

    /// <summary>Skip verification of kubelet serving certificates. Only when explicitly asked for.</summary>
    public bool InsecureSkipKubeletTlsVerify { get; init; }

    /// <summary>How long a node whose scrape failed keeps serving its last good data; null means 2 × resolution.</summary>
    public TimeSpan? StalenessBound { get; init; }

    public long MaxResponseBytes { get; init; } = DefaultMaxResponseBytes;

    /// <summary>Ask kubelets for gzip. Off by default: on a cluster network it costs more CPU than it saves.</summary>
    public bool RequestGzip { get; init; }

    /// <summary>Upper bound on kubelet requests in flight.</summary>
    public int MaxConcurrency { get; init; } = 64;

    public TimeSpan EffectiveTimeout => Timeout ?? Min(TimeSpan.FromSeconds(10), Resolution * 0.9);

    public TimeSpan EffectiveStalenessBound => StalenessBound ?? Resolution * 2;

    /// <summary>Every problem with these settings, each naming the field; empty when valid.</summary>
    public IReadOnlyList<string> Validate() => Validate(MinimumResolution);

    /// <summary>As <see cref="Validate()"/>, with another floor for the resolution (the operator's development mode lowers it).</summary>
    public IReadOnlyList<string> Validate(TimeSpan minimumResolution)
    {
        var errors = new List<string>();
        if (Resolution < minimumResolution)
        {
            errors.Add($"resolution {Resolution.TotalSeconds}s is below the minimum of {minimumResolution.TotalSeconds}s");
        }

        if (Timeout is { } timeout)
        {
            if (timeout <= TimeSpan.Zero)
            {
                errors.Add("timeout must be positive");
            }
            else if (timeout > Resolution * 0.9)
            {
                errors.Add($"timeout {timeout.TotalSeconds}s is above 90% of the resolution ({(Resolution * 0.9).TotalSeconds}s)");
            }
        }

        if (PreferredAddressTypes.Count == 0)
        {
            errors.Add("preferredAddressTypes must name at least one address type");
        }

        if (KubeletPort is < 1 or > 65535)
        {
            errors.Add($"kubeletPort {KubeletPort} is outside 1-65535");
        }

        if (StalenessBound is { } staleness && staleness < Resolution)
        {
            errors.Add($"stalenessBound {staleness.TotalSeconds}s is below the resolution ({Resolution.TotalSeconds}s)");
        }

        if (MaxResponseBytes < 1024)
        {
            errors.Add($"maxResponseBytes {MaxResponseBytes} is below 1024");
        }

        if (MaxConcurrency < 1)
        {
            errors.Add($"maxConcurrency {MaxConcurrency} must be at least 1");
        }

        if (InsecureSkipKubeletTlsVerify && KubeletCaBundlePem is not null)
        {
            errors.Add("kubelet TLS: a CA bundle and insecure mode exclude each other");
        }

        if (!LabelSelector.TryParse(NodeSelector, out _, out var selectorError))
        {
            errors.Add($"nodeSelector \"{NodeSelector}\" is invalid: {selectorError}");
        }

        if (KubeletCaBundlePem is { } bundle)
        {
            try
            {
                foreach (var certificate in KubeletCaBundle.ParseBundle(bundle))
                {
                    certificate.Dispose();
                }
            }
            catch (KubeletSetupException e)
            {
                errors.Add(e.Message);
            }
        }

        return errors;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

/// <summary>
/// Holds the current <see cref="ScrapeSettings"/>; the operator replaces them when the MetricsBackend changes.
/// Disabled (no active MetricsBackend) the scrape loop scrapes nothing; the settings stay for whoever reads the resolution.
/// </summary>
internal sealed class ScrapeSettingsSource
{
    private readonly TimeSpan _minimumResolution;
    private ScrapeSettings _current;
    private volatile bool _enabled;

    public ScrapeSettingsSource(ScrapeSettings? initial = null, TimeSpan? minimumResolution = null, bool enabled = true)
    {
        _minimumResolution = minimumResolution ?? ScrapeSettings.MinimumResolution;
        _current = initial ?? new ScrapeSettings();
        _enabled = enabled;
        ThrowIfInvalid(_current);
    }

    public event Action<ScrapeSettings>? Changed;

    public ScrapeSettings Current => Volatile.Read(ref _current);

    /// <summary>False while there is nothing to scrape for (no active MetricsBackend).</summary>
    public bool IsEnabled => _enabled;

    /// <summary>Replaces the settings and enables scraping; invalid settings are refused with every reason and the old ones stay.</summary>
    public void Update(ScrapeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ThrowIfInvalid(settings);
        Volatile.Write(ref _current, settings);
        _enabled = true;
        Changed?.Invoke(settings);
    }

    /// <summary>Stops scraping until the next <see cref="Update"/>.</summary>
    public void Disable() => _enabled = false;

    private void ThrowIfInvalid(ScrapeSettings settings)
    {
        var errors = settings.Validate(_minimumResolution);
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid scrape settings: " + string.Join("; ", errors), nameof(settings));
        }
    }
}
