namespace MetricsOperator.Kubernetes.Events;

/// <summary>Who reports the events and how the recorder buffers and groups them.</summary>
internal sealed record EventRecorderOptions
{
    public string ReportingController { get; init; } = "metricsoperator.dev/metrics-operator";

    /// <summary>This replica (the pod name).</summary>
    public string ReportingInstance { get; init; } = string.Empty;

    /// <summary>Identical events within this window bump the existing Event's series instead of creating one.</summary>
    public TimeSpan SeriesWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Events waiting to be written; beyond it new events are dropped (and counted) rather than blocking.</summary>
    public int Capacity { get; init; } = 256;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ReportingController) || ReportingController.Length > 128)
        {
            errors.Add("ReportingController must be a non-empty name of at most 128 characters");
        }

        if (string.IsNullOrWhiteSpace(ReportingInstance) || ReportingInstance.Length > 128)
        {
            errors.Add("ReportingInstance must be a non-empty name of at most 128 characters (the pod name)");
        }

        if (SeriesWindow <= TimeSpan.Zero)
        {
            errors.Add($"SeriesWindow must be positive, was {SeriesWindow}");
        }

        if (Capacity < 1)
        {
            errors.Add($"Capacity must be at least 1, was {Capacity}");
        }

        return errors;
    }
}
