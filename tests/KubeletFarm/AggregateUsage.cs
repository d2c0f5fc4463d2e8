namespace MetricsOperator.KubeletFarm;

/// <summary>
/// The cumulative CPU counter and working set of a pod or node. Unlike a container's, this counter never resets
/// (a pod's cgroup outlives container restarts); its rate follows the sum of what runs inside.
/// Immutable: a change builds a new instance that is published in one reference write.
/// </summary>
internal sealed record AggregateUsage(LinearCounter Cpu, long MemoryBytes)
{
    public ResourceUsage Usage => new(Cpu.RatePerSecond, MemoryBytes);

    /// <summary>The same counter continuing from <paramref name="sampleUnixMs"/> at the rate and memory of <paramref name="usage"/>.</summary>
    public AggregateUsage With(ResourceUsage usage, long sampleUnixMs) => new(Cpu.WithRate(sampleUnixMs, usage.NanoCores), usage.MemoryBytes);
}
