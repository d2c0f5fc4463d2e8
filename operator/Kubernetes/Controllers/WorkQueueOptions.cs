namespace MetricsOperator.Kubernetes.Controllers;

/// <summary>Per-key failure backoff of a <see cref="WorkQueue{TKey}"/>: doubles from <see cref="BaseDelay"/> up to <see cref="MaxDelay"/>.</summary>
internal sealed record WorkQueueOptions
{
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(1000);

    /// <summary>Problems that make the options unusable, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (BaseDelay <= TimeSpan.Zero)
        {
            errors.Add($"BaseDelay must be positive, was {BaseDelay}");
        }

        if (MaxDelay < BaseDelay)
        {
            errors.Add($"MaxDelay ({MaxDelay}) must not be below BaseDelay ({BaseDelay})");
        }

        return errors;
    }
}
