namespace MetricsOperator.KubeletFarm;

/// <summary>An immutable snapshot of a node's pods, pre-sorted the way the kubelet's encoder orders samples.</summary>
/// <remarks>The sample-order arrays are never written after publication; they are arrays so rendering loops allocate no enumerators.</remarks>
internal sealed record WorkloadView(
    IReadOnlyList<SimulatedPod> Pods,
    SimulatedContainer[] ContainersInSampleOrder,
    SimulatedPod[] PodsInSampleOrder);

/// <summary>
/// The pods of one node and the node's own counter. Changes are serialised by a lock and published as new immutable
/// snapshots, so rendering (on any thread) never takes the lock and always sees a consistent set of pods.
/// </summary>
internal sealed class NodeWorkload
{
    private const long PageSize = 4096;

    private readonly Lock _gate = new();
    private readonly WorkloadCatalog _catalog;
    private readonly Random _random;
    private readonly int _nodeIndex;
    private readonly TimeProvider _time;
    private long _nextPodSerial;
    private WorkloadView _view = new(Array.Empty<SimulatedPod>(), [], []);
    private AggregateUsage _node;

    public NodeWorkload(WorkloadCatalog catalog, int nodeIndex, TimeProvider time)
    {
        _catalog = catalog;
        _nodeIndex = nodeIndex;
        _time = time;
        _random = new Random(unchecked((catalog.Shape.Seed * 1_000_003) + nodeIndex));
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        BootUnixMs = nowMs - (long)catalog.Shape.MaxContainerAge.TotalMilliseconds - (long)TimeSpan.FromHours(1).TotalMilliseconds;
        NodeSampleLagMs = NextLag();
        var pods = new List<SimulatedPod>(catalog.Shape.PodsPerNode);
        for (var i = 0; i < catalog.Shape.PodsPerNode; i++)
        {
            pods.Add(GeneratePod(nowMs, initial: true));
        }

        // The node has been up since boot at its current rate, so its counter starts well above zero like a real one.
        var initial = NodeTotal(pods);
        _node = new AggregateUsage(new LinearCounter(BootUnixMs, 0, initial.NanoCores), initial.MemoryBytes);
        Publish(pods, nowMs);
    }

    public long BootUnixMs { get; }

    public int NodeSampleLagMs { get; }

    public WorkloadView View => Volatile.Read(ref _view);

    public AggregateUsage Node => Volatile.Read(ref _node);

    public SimulatedPod AddGeneratedPod()
    {
        lock (_gate)
        {
            var nowMs = NowMs();
            var pod = GeneratePod(nowMs, initial: false);
            Publish([.. View.Pods, pod], nowMs);
            return pod;
        }
    }

    public SimulatedPod AddPod(PodTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (template.Containers.Count == 0)
        {
            throw new ArgumentException($"pod {template.Namespace}/{template.Name} needs at least one container", nameof(template));
        }

        lock (_gate)
        {
            if (FindPod(template.Namespace, template.Name) is not null)
            {
                throw new InvalidOperationException($"pod {template.Namespace}/{template.Name} already runs on this node");
            }

            var nowMs = NowMs();
            var pod = new SimulatedPod(template.Namespace, template.Name, NextUid(), template.Labels ?? new Dictionary<string, string>(), NextLag());
            var containers = new List<SimulatedContainer>(template.Containers.Count);
            foreach (var container in template.Containers)
            {
                if (containers.Exists(c => c.Name == container.Name))
                {
                    throw new ArgumentException($"pod {template.Namespace}/{template.Name} names container {container.Name} twice", nameof(template));
                }

                var startMs = container.StartTime?.ToUnixTimeMilliseconds() ?? nowMs;
                containers.Add(new SimulatedContainer(pod, container.Name, startMs, container.Usage, NextLag()));
            }

            pod.Attach(containers);
            Publish([.. View.Pods, pod], nowMs);
            return pod;
        }
    }

    public bool RemovePod(string @namespace, string name)
    {
        lock (_gate)
        {
            var pods = new List<SimulatedPod>(View.Pods);
            var removed = pods.RemoveAll(p => p.Namespace == @namespace && p.Name == name);
            if (removed > 0)
            {
                Publish(pods, NowMs());
            }

            return removed > 0;
        }
    }

    public void RestartContainer(SimulatedContainer container)
    {
        lock (_gate)
        {
            EnsureOwned(container);
            container.Restart(NowMs());
        }
    }

    public void SetContainerUsage(SimulatedContainer container, ResourceUsage usage)
    {
        if (usage.NanoCores < 0 || usage.MemoryBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(usage), usage, "container usage must not be negative");
        }

        lock (_gate)
        {
            EnsureOwned(container);
            var nowMs = NowMs();
            container.SetUsage(usage, nowMs);
            container.Pod.Refresh(nowMs);
            RefreshNode(View.Pods, nowMs);
        }
    }

    public SimulatedPod? FindPod(string @namespace, string name)
    {
        foreach (var pod in View.Pods)
        {
            if (pod.Namespace == @namespace && pod.Name == name)
            {
                return pod;
            }
        }

        return null;
    }

    public SimulatedContainer? FindContainer(string @namespace, string pod, string container) =>
        FindPod(@namespace, pod)?.FindContainer(container);

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private void EnsureOwned(SimulatedContainer container)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (FindPod(container.Namespace, container.PodName) != container.Pod)
        {
            throw new InvalidOperationException($"container {container.Namespace}/{container.PodName}/{container.Name} does not run on this node");
        }
    }

    private SimulatedPod GeneratePod(long nowMs, bool initial)
    {
        var shape = _catalog.Shape;
        var deployment = _catalog.Deployments[_random.Next(_catalog.Deployments.Count)];
        var name = NameGenerator.PodName(deployment.Name, deployment.Index, _catalog.Deployments.Count, _nodeIndex, _nextPodSerial++, shape.Seed);
        var pod = new SimulatedPod(deployment.Namespace, name, NextUid(), deployment.PodLabels, NextLag());
        var containers = new SimulatedContainer[shape.ContainersPerPod];
        var maxAgeMs = (long)shape.MaxContainerAge.TotalMilliseconds;
        for (var i = 0; i < containers.Length; i++)
        {
            var containerName = i == 0 ? deployment.AppContainer : NameGenerator.Sidecar(i - 1);
            var startMs = initial ? nowMs - _random.NextInt64(60_000, maxAgeMs + 1) : nowMs;
            var usage = new ResourceUsage(
                _random.NextInt64(shape.MinContainerNanoCores, shape.MaxContainerNanoCores + 1),
                Math.Max(PageSize, _random.NextInt64(shape.MinContainerMemoryBytes, shape.MaxContainerMemoryBytes + 1) / PageSize * PageSize));
            containers[i] = new SimulatedContainer(pod, containerName, startMs, usage, NextLag());
        }

        pod.Attach(containers);
        return pod;
    }

    private void Publish(List<SimulatedPod> pods, long nowMs)
    {
        var containers = new List<SimulatedContainer>(pods.Count * _catalog.Shape.ContainersPerPod);
        foreach (var pod in pods)
        {
            containers.AddRange(pod.Containers);
        }

        // expfmt sorts a family's samples by label values in label-name order: container, namespace, pod.
        containers.Sort(static (a, b) =>
        {
            var order = string.CompareOrdinal(a.Name, b.Name);
            order = order != 0 ? order : string.CompareOrdinal(a.Namespace, b.Namespace);
            return order != 0 ? order : string.CompareOrdinal(a.PodName, b.PodName);
        });
        var podsInOrder = pods.ToArray();
        Array.Sort(podsInOrder, static (a, b) =>
        {
            var order = string.CompareOrdinal(a.Namespace, b.Namespace);
            return order != 0 ? order : string.CompareOrdinal(a.Name, b.Name);
        });
        Volatile.Write(ref _view, new WorkloadView(pods.ToArray().AsReadOnly(), containers.ToArray(), podsInOrder));
        RefreshNode(pods, nowMs);
    }

    private void RefreshNode(IReadOnlyList<SimulatedPod> pods, long nowMs)
    {
        var node = Node;
        Volatile.Write(ref _node, node.With(NodeTotal(pods), Math.Max(nowMs - NodeSampleLagMs, node.Cpu.AnchorUnixMs)));
    }

    private ResourceUsage NodeTotal(IReadOnlyList<SimulatedPod> pods)
    {
        var sum = _catalog.Shape.NodeOverhead;
        foreach (var pod in pods)
        {
            sum += pod.Usage;
        }

        return sum;
    }

    private int NextLag() => _random.Next((int)_catalog.Shape.SampleTimestampSpread.TotalMilliseconds + 1);

    private string NextUid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }
}
