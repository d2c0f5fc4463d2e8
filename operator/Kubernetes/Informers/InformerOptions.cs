namespace MetricsOperator.Kubernetes.Informers;

/// <summary>Timing of an <see cref="Informer{T}"/>. Defaults follow client-go's reflector.</summary>
internal sealed record InformerOptions
{
    /// <summary>Items per LIST page (<c>limit</c>); pages keep the API server's and our memory use bounded.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>How long one LIST page may take.</summary>
    public TimeSpan ListTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Lower bound of the watch's server-side timeout; each watch picks a random timeout in [min, 2·min) so that
    /// the informers of many replicas do not reconnect in step.
    /// </summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A watch that delivers nothing (not even a bookmark, which the API server sends about once a minute) for this
    /// long is presumed stuck on a dead connection and restarted.
    /// </summary>
    public TimeSpan WatchdogPeriod { get; init; } = TimeSpan.FromMinutes(3);

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Each backoff delay is shortened by a random fraction of up to this much, in [0, 1).</summary>
    public double BackoffJitter { get; init; } = 0.2;

    /// <summary>A watch that closes sooner than this without any event counts as a failure (backoff, not a tight loop).</summary>
    public TimeSpan MinimumWatchDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Every problem with these options, each naming the option; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (PageSize < 1)
        {
            errors.Add($"pageSize must be at least 1 (was {PageSize})");
        }

        RequirePositive(errors, nameof(ListTimeout), ListTimeout);
        RequirePositive(errors, nameof(MinWatchTimeout), MinWatchTimeout);
        RequirePositive(errors, nameof(WatchdogPeriod), WatchdogPeriod);
        RequirePositive(errors, nameof(InitialBackoff), InitialBackoff);
        RequirePositive(errors, nameof(MaxBackoff), MaxBackoff);
        if (MaxBackoff < InitialBackoff)
        {
            errors.Add($"maxBackoff ({MaxBackoff}) must not be below initialBackoff ({InitialBackoff})");
        }

        if (BackoffJitter is < 0 or >= 1 || double.IsNaN(BackoffJitter))
        {
            errors.Add($"backoffJitter must be in [0, 1) (was {BackoffJitter})");
        }

        if (MinimumWatchDuration < TimeSpan.Zero)
        {
            errors.Add($"minimumWatchDuration must not be negative (was {MinimumWatchDuration})");
        }

        return errors;
    }

    private static void RequirePositive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{char.ToLowerInvariant(name[0])}{name[1..]} must be positive (was {value})");
        }
    }
}
