namespace MetricsOperator.Kubernetes.Controllers;

/// <summary>How a <see cref="Controller{TKey}"/> runs: its name (logs, metrics) and the number of parallel workers.</summary>
internal sealed record ControllerOptions(string Name)
{
    public int Workers { get; init; } = 1;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add("Name must not be empty");
        }

        if (Workers is < 1 or > 64)
        {
            errors.Add($"Workers must be between 1 and 64, was {Workers}");
        }

        return errors;
    }
}
