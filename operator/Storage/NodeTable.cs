namespace MetricsOperator.Storage;

/// <summary>
/// Everything one node reported in one successful scrape, with the previous points the rates need. A table is
/// filled by the node's writer while no reader can reach it, then published and never changed while reachable.
/// It is reference counted (the publication holds one reference, each reader pin one more) so that, once it is
/// retired and the last holder has let it go, it returns to the store's <see cref="NodeTablePool"/> and a writer of
/// any node refills it: no allocation per scrape.
/// </summary>
internal sealed class NodeTable
{
    private readonly NodeTablePool _pool;
    private PodEntry[] _pods;
    private ContainerSeries[] _containers;
    private int _podCount;
    private int _containerCount;
    private int _references;

    public NodeTable(NodeTablePool pool, int podCapacity, int containerCapacity)
    {
        _pool = pool;
        _pods = new PodEntry[podCapacity];
        _containers = new ContainerSeries[containerCapacity];
    }

    /// <summary>The node whose data the table holds; changes only while the table is unreachable.</summary>
    public NodeSlot? Owner { get; private set; }

    public bool HasNode { get; private set; }

    public SeriesState Node { get; private set; }

    /// <summary>The newest sample timestamp in the table; the whole table is stale once this is.</summary>
    public long NewestTimestampUnixNano { get; private set; }

    public StoredPointCounts Counts { get; private set; }

    public ReadOnlySpan<PodEntry> Pods => _pods.AsSpan(0, _podCount);

    public ReadOnlySpan<ContainerSeries> Containers => _containers.AsSpan(0, _containerCount);

    public int ContainerCount => _containerCount;

    public ReadOnlySpan<ContainerSeries> ContainersOf(in PodEntry pod) => _containers.AsSpan(pod.FirstContainer, pod.ContainerCount);

    /// <summary>Whether refilling for these counts keeps both arrays.</summary>
    public bool Fits(int podCount, int containerCount) =>
        !NeedsNewArray(_pods.Length, podCount) && !NeedsNewArray(_containers.Length, containerCount);

    /// <summary>Empties the table for refilling by <paramref name="owner"/>; only legal while it is unreachable (zero references).</summary>
    public void BeginFill(NodeSlot owner, int podCount, int containerCount)
    {
        if (Volatile.Read(ref _references) != 0)
        {
            throw new InvalidOperationException("a node table is refilled while readers can still reach it");
        }

        Owner = owner;

        // Clear the string references left from the previous fill so that departed names can be collected.
        _pods.AsSpan(0, _podCount).Clear();
        _containers.AsSpan(0, _containerCount).Clear();
        if (NeedsNewArray(_pods.Length, podCount))
        {
            _pods = new PodEntry[WithHeadroom(podCount)];
        }

        if (NeedsNewArray(_containers.Length, containerCount))
        {
            _containers = new ContainerSeries[WithHeadroom(containerCount)];
        }

        _podCount = 0;
        _containerCount = 0;
        HasNode = false;
        Node = default;
        NewestTimestampUnixNano = long.MinValue;
        Counts = default;
    }

    public void SetNode(in SeriesState node)
    {
        Node = node;
        HasNode = true;
        NewestTimestampUnixNano = Math.Max(NewestTimestampUnixNano, node.Last.TimestampUnixNano);
        Counts = Counts with { NodesWithPrev = node.HasPrev ? 1 : 0 };
    }

    public void AddContainer(in ContainerSeries container)
    {
        _containers[_containerCount++] = container;
        NewestTimestampUnixNano = Math.Max(NewestTimestampUnixNano, container.State.Last.TimestampUnixNano);
    }

    public void AddPod(in PodEntry pod, int containersWithPrev)
    {
        _pods[_podCount++] = pod;
        Counts = Counts with
        {
            Pods = Counts.Pods + 1,
            PodsWithPrev = Counts.PodsWithPrev + (containersWithPrev > 0 ? 1 : 0),
            ContainersWithPrev = Counts.ContainersWithPrev + containersWithPrev,
        };
    }

    /// <summary>Makes the filled table reachable: the publication's own reference.</summary>
    public void Activate() => Volatile.Write(ref _references, 1);

    /// <summary>Pins a table a reader found published; fails once it was retired by everyone (it may be refilled).</summary>
    public bool TryAcquire()
    {
        var current = Volatile.Read(ref _references);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    /// <summary>Drops one reference; the holder of the last one hands the table back to the pool for reuse.</summary>
    public void Release()
    {
        var remaining = Interlocked.Decrement(ref _references);
        if (remaining == 0)
        {
            _pool.Return(this);
        }
        else if (remaining < 0)
        {
            throw new InvalidOperationException("a node table was released more often than it was acquired");
        }
    }

    /// <summary>Too small, or far too big for the node (after it lost most of its pods, or a pooled table of a bigger node).</summary>
    private static bool NeedsNewArray(int capacity, int needed) =>
        needed > capacity || capacity > (2 * needed) + 16;

    /// <summary>A node that grew usually grows again (a rollout); an eighth more spares a reallocation per new pod.</summary>
    private static int WithHeadroom(int needed) => needed + (needed / 8);
}
