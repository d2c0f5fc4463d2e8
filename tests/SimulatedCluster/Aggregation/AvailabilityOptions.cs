namespace MetricsOperator.SimulatedCluster.Aggregation;

/// <summary>Timings of the APIService availability loop. Validated when the controller is built.</summary>
internal sealed record AvailabilityOptions
{
    /// <summary>How often every APIService is checked again without a change.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the discovery GET may take, as kube-aggregator's 5 s.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Interval <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(Interval)} {Interval} must be positive");
        }

        if (ProbeTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(ProbeTimeout)} {ProbeTimeout} must be positive");
        }

        return errors;
    }
}
