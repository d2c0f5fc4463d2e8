namespace MetricsOperator.KubeletFarm;

/// <summary>
/// What runs on each simulated node. Everything derived from it (names, rates, start times) is a pure function of
/// <see cref="Seed"/> and the node index, so two farms built with the same shape render the same workloads.
/// </summary>
internal sealed record WorkloadShape
{
    /// <summary>Bounds that keep unique name generation quick (short namespace names are a small space).</summary>
    public const int MaxNamespaces = 1_000;
    public const int MaxDeployments = 100_000;

    public int Seed { get; init; } = 1;

    public int PodsPerNode { get; init; } = 30;

    /// <summary>Containers in every pod: the application container first, then sidecars.</summary>
    public int ContainersPerPod { get; init; } = 2;

    /// <summary>Namespaces shared by the whole farm; each name is 7–15 characters.</summary>
    public int Namespaces { get; init; } = 10;

    /// <summary>Deployments shared by the whole farm (spread over the namespaces); pod names are 30–50 characters.</summary>
    public int Deployments { get; init; } = 100;

    public long MinContainerNanoCores { get; init; } = 1_000_000;

    public long MaxContainerNanoCores { get; init; } = 250_000_000;

    public long MinContainerMemoryBytes { get; init; } = 8L << 20;

    public long MaxContainerMemoryBytes { get; init; } = 512L << 20;

    /// <summary>Usage of the node outside its pods (system daemons, kernel), added to the node totals.</summary>
    public ResourceUsage NodeOverhead { get; init; } = new(150_000_000, 1L << 30);

    public int NodeCpuCores { get; init; } = 16;

    public long NodeMemoryBytes { get; init; } = 64L << 30;

    public int NodeMaxPods { get; init; } = 110;

    /// <summary>
    /// Samples are stamped up to this long before "now", a different fixed lag per series, the way cAdvisor's
    /// housekeeping makes kubelet timestamps straggle. Zero stamps every sample with the clock's current millisecond.
    /// </summary>
    public TimeSpan SampleTimestampSpread { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Initial containers started between one minute and this long before the node was created.</summary>
    public TimeSpan MaxContainerAge { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Every problem with this shape, each naming the property; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (PodsPerNode < 0)
        {
            errors.Add($"{nameof(PodsPerNode)} {PodsPerNode} must not be negative");
        }

        if (ContainersPerPod < 1)
        {
            errors.Add($"{nameof(ContainersPerPod)} {ContainersPerPod} must be at least 1");
        }

        if (Namespaces is < 1 or > MaxNamespaces)
        {
            errors.Add($"{nameof(Namespaces)} {Namespaces} must be between 1 and {MaxNamespaces}");
        }

        if (Deployments < Namespaces || Deployments > MaxDeployments)
        {
            errors.Add($"{nameof(Deployments)} {Deployments} must be between {nameof(Namespaces)} ({Namespaces}) and {MaxDeployments}");
        }

        CheckRange(errors, nameof(MinContainerNanoCores), MinContainerNanoCores, nameof(MaxContainerNanoCores), MaxContainerNanoCores);
        CheckRange(errors, nameof(MinContainerMemoryBytes), MinContainerMemoryBytes, nameof(MaxContainerMemoryBytes), MaxContainerMemoryBytes);
        if (NodeOverhead.NanoCores < 0 || NodeOverhead.MemoryBytes < 0)
        {
            errors.Add($"{nameof(NodeOverhead)} must not be negative");
        }

        if (NodeCpuCores < 1 || NodeMemoryBytes < 1 || NodeMaxPods < 1)
        {
            errors.Add($"{nameof(NodeCpuCores)}, {nameof(NodeMemoryBytes)} and {nameof(NodeMaxPods)} must be positive");
        }

        if (SampleTimestampSpread < TimeSpan.Zero || SampleTimestampSpread > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{nameof(SampleTimestampSpread)} {SampleTimestampSpread} must be between 0 and 1 minute");
        }

        if (MaxContainerAge < TimeSpan.FromMinutes(1))
        {
            errors.Add($"{nameof(MaxContainerAge)} {MaxContainerAge} must be at least 1 minute");
        }

        return errors;
    }

    /// <summary>Throws with every reason when the shape is invalid.</summary>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid workload shape: " + string.Join("; ", errors));
        }
    }

    private static void CheckRange(List<string> errors, string minName, long min, string maxName, long max)
    {
        if (min < 1)
        {
            errors.Add($"{minName} {min} must be positive");
        }

        if (max < min)
        {
            errors.Add($"{maxName} {max} must not be below {minName} {min}");
        }
    }
}
