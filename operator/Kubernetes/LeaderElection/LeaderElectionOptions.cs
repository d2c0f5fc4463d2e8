namespace MetricsOperator.Kubernetes.LeaderElection;

/// <summary>The Lease that elects the replica running leader-only work, and its timings (client-go defaults).</summary>
internal sealed record LeaderElectionOptions
{
    public string LeaseName { get; init; } = "metrics-operator-leader";

    public string LeaseNamespace { get; init; } = string.Empty;

    /// <summary>This replica's identity in the lease; unique per process (pod name plus a random suffix).</summary>
    public string Identity { get; init; } = string.Empty;

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Problems that make the options unusable, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Require(LeaseName, nameof(LeaseName), errors);
        Require(LeaseNamespace, nameof(LeaseNamespace), errors);
        Require(Identity, nameof(Identity), errors);

        // The lease stores whole seconds; the elector's renew loop must retry (with 1.2 jitter) within the deadline,
        // and the deadline must end before the lease would expire for the others.
        if (LeaseDuration < TimeSpan.FromSeconds(1))
        {
            errors.Add($"LeaseDuration must be at least 1s (the Lease stores whole seconds), was {LeaseDuration}");
        }

        if (RetryPeriod <= TimeSpan.Zero)
        {
            errors.Add($"RetryPeriod must be positive, was {RetryPeriod}");
        }

        if (RenewDeadline >= LeaseDuration)
        {
            errors.Add($"RenewDeadline ({RenewDeadline}) must be shorter than LeaseDuration ({LeaseDuration})");
        }

        if (RenewDeadline <= RetryPeriod * 1.2)
        {
            errors.Add($"RenewDeadline ({RenewDeadline}) must be longer than 1.2 x RetryPeriod ({RetryPeriod})");
        }

        return errors;
    }

    private static void Require(string value, string name, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{name} must not be empty");
        }
    }
}
