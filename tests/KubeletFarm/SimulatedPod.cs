namespace MetricsOperator.KubeletFarm;

/// <summary>A container to create in <see cref="SimulatedNode.AddPod(PodTemplate)"/>; a null start time means "now".</summary>
internal sealed record ContainerTemplate(string Name, ResourceUsage Usage, DateTimeOffset? StartTime = null);

/// <summary>An explicitly named pod for <see cref="SimulatedNode.AddPod(PodTemplate)"/>; labels default to none.</summary>
internal sealed record PodTemplate(string Namespace, string Name, IReadOnlyList<ContainerTemplate> Containers)
{
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

/// <summary>A pod running on a simulated node. Its containers never change; restarts and usage changes go through the node.</summary>
internal sealed class SimulatedPod
{
    private AggregateUsage _aggregate;

    internal SimulatedPod(string @namespace, string name, string uid, IReadOnlyDictionary<string, string> labels, int sampleLagMs)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Namespace = @namespace;
        Name = name;
        Uid = uid;
        Labels = labels;
        SampleLagMs = sampleLagMs;
        LabelSet = LabelSetEncoder.Pod(@namespace, name);
        _aggregate = new AggregateUsage(default, 0);
    }

    public string Namespace { get; }

    public string Name { get; }

    public string Uid { get; }

    /// <summary>Pod labels (generated pods carry <c>app=&lt;deployment&gt;</c>), for a simulated apiserver's pod objects.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    public IReadOnlyList<SimulatedContainer> Containers { get; private set; } = [];

    /// <summary>The sum of the containers' usage: what a scraper must compute for the pod.</summary>
    public ResourceUsage Usage => Aggregate.Usage;

    /// <summary>The earliest container start: when the pod's cgroup counter began.</summary>
    public DateTimeOffset StartTime { get; private set; }

    internal byte[] LabelSet { get; }

    internal int SampleLagMs { get; }

    internal AggregateUsage Aggregate => Volatile.Read(ref _aggregate);

    internal long SampleTime(long nowUnixMs) => Math.Max(nowUnixMs - SampleLagMs, Aggregate.Cpu.AnchorUnixMs);

    /// <summary>Attaches the containers once, right after construction, and starts the pod counter at the earliest start.</summary>
    internal void Attach(IReadOnlyList<SimulatedContainer> containers)
    {
        Containers = containers;
        var startMs = long.MaxValue;
        foreach (var container in containers)
        {
            startMs = Math.Min(startMs, container.State.StartUnixMs);
        }

        StartTime = DateTimeOffset.FromUnixTimeMilliseconds(startMs);
        var usage = SumOfContainers();
        Volatile.Write(ref _aggregate, new AggregateUsage(new LinearCounter(startMs, 0, usage.NanoCores), usage.MemoryBytes));
    }

    /// <summary>Follows a change in a container's usage from now on.</summary>
    internal void Refresh(long nowUnixMs)
    {
        var aggregate = Aggregate;
        Volatile.Write(ref _aggregate, aggregate.With(SumOfContainers(), Math.Max(nowUnixMs - SampleLagMs, aggregate.Cpu.AnchorUnixMs)));
    }

    internal SimulatedContainer? FindContainer(string name)
    {
        foreach (var container in Containers)
        {
            if (string.Equals(container.Name, name, StringComparison.Ordinal))
            {
                return container;
            }
        }

        return null;
    }

    private ResourceUsage SumOfContainers()
    {
        var sum = default(ResourceUsage);
        foreach (var container in Containers)
        {
            sum += container.Usage;
        }

        return sum;
    }
}
