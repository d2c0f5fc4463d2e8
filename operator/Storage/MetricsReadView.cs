using System.Runtime.InteropServices;

namespace MetricsOperator.Storage;

/// <summary>
/// A reader's consistent window on the store, for one request. The first time the view touches a node it pins
/// that node's current table and keeps reading that same table until it is disposed: a pod's containers never mix
/// two scrapes, repeated lookups agree, and writers never wait for the view (they fill their other table). Staleness
/// of failed nodes is judged against one clock reading taken when the view opened. Not thread-safe; dispose it
/// promptly (a pinned table cannot be reused by its node's next scrape, which then allocates).
/// </summary>
internal sealed class MetricsReadView : IDisposable
{
    private readonly NodeRegistry _nodes;
    private readonly PodIndex _pods;
    private readonly ReadViewPool _pool;
    /// <summary>Cached once: sorting with a struct comparer would box it and wrap it in a delegate on every call.</summary>
    private static readonly Comparison<PodUsage> PodOrder = ComparePods;

    private readonly Dictionary<NodeSlot, PinnedTable> _pinned = new(ReferenceEqualityComparer.Instance);
    private long _nowUnixNano;
    private long _staleAfterNanoseconds;
    private bool _open;

    internal MetricsReadView(NodeRegistry nodes, PodIndex pods, ReadViewPool pool)
    {
        _nodes = nodes;
        _pods = pods;
        _pool = pool;
    }

    /// <summary>Changes on every dispose, so values handed out by an earlier use of a pooled view refuse to read.</summary>
    internal int Generation { get; private set; }

    public bool TryGetNode(string name, out NodeUsage usage)
    {
        ArgumentNullException.ThrowIfNull(name);
        ThrowIfDisposed();
        usage = default;
        return _nodes.TryGet(name, out var slot) && TryReadNode(slot, out usage);
    }

    public bool TryGetPod(string podNamespace, string name, out PodUsage usage)
    {
        ArgumentNullException.ThrowIfNull(podNamespace);
        ArgumentNullException.ThrowIfNull(name);
        ThrowIfDisposed();
        usage = default;
        if (!_pods.TryGetOwner(podNamespace, name, out var slot))
        {
            return false;
        }

        ref var pinned = ref Pin(slot);
        if (pinned.Table is null)
        {
            return false;
        }

        // Lists look pods up in (namespace, name) order and a table mostly holds its pods in that order too (the
        // kubelet's), so the scan starts after the pod found last: usually one comparison instead of half the table.
        var pods = pinned.Table.Pods;
        for (int scanned = 0, i = pinned.NextPod < pods.Length ? pinned.NextPod : 0; scanned < pods.Length; scanned++, i = i + 1 < pods.Length ? i + 1 : 0)
        {
            if (string.Equals(pods[i].Name, name, StringComparison.Ordinal)
                && string.Equals(pods[i].Namespace, podNamespace, StringComparison.Ordinal))
            {
                pinned.NextPod = i + 1;
                return TryReadPod(pinned, pods[i], out usage);
            }
        }

        return false;
    }

    /// <summary>Appends every servable node, in name order.</summary>
    public void CollectNodes(List<NodeUsage> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        ThrowIfDisposed();
        foreach (var slot in _nodes.Sorted)
        {
            if (TryReadNode(slot, out var usage))
            {
                into.Add(usage);
            }
        }
    }

    /// <summary>Appends every servable pod of <paramref name="podNamespace"/> (all namespaces when null), in (namespace, name) order.</summary>
    public void CollectPods(string? podNamespace, List<PodUsage> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        ThrowIfDisposed();
        var start = into.Count;
        foreach (var slot in _nodes.Sorted)
        {
            var pinned = Pin(slot);
            if (pinned.Table is null)
            {
                continue;
            }

            foreach (ref readonly var pod in pinned.Table.Pods)
            {
                if ((podNamespace is null || string.Equals(pod.Namespace, podNamespace, StringComparison.Ordinal))
                    && TryReadPod(pinned, pod, out var usage))
                {
                    into.Add(usage);
                }
            }
        }

        CollectionsMarshal.AsSpan(into)[start..].Sort(PodOrder);
        RemoveDuplicatesOfMovedPods(into, start);
    }

    public void Dispose()
    {
        if (!_open)
        {
            return;
        }

        foreach (var pinned in _pinned.Values)
        {
            pinned.Table?.Release();
        }

        _pinned.Clear();
        _open = false;
        Generation++;
        _pool.Return(this);
    }

    internal void Open(long nowUnixNano, long staleAfterNanoseconds)
    {
        _nowUnixNano = nowUnixNano;
        _staleAfterNanoseconds = staleAfterNanoseconds;
        _open = true;
    }

    internal void ThrowIfGenerationEnded(int generation)
    {
        if (generation != Generation)
        {
            throw new ObjectDisposedException(nameof(MetricsReadView), "pod usage read after its metrics view was disposed");
        }
    }

    private bool TryReadNode(NodeSlot slot, out NodeUsage usage)
    {
        usage = default;
        var pinned = Pin(slot);
        if (pinned.Table is not { HasNode: true } table
            || !RateCalculator.TryComputeUsage(table.Node, out var resources, out var measured)
            || IsStale(pinned, measured.TimestampUnixNano))
        {
            return false;
        }

        usage = new NodeUsage(slot.Name, measured, resources);
        return true;
    }

    /// <summary>A pod is served only when every container has a rate (deliberately stricter than the reference).</summary>
    private bool TryReadPod(PinnedTable pinned, in PodEntry pod, out PodUsage usage)
    {
        usage = default;
        var earliest = new MeasurementWindow(long.MaxValue, 0);
        foreach (ref readonly var container in pinned.Table!.ContainersOf(pod))
        {
            if (!RateCalculator.TryComputeUsage(container.State, out _, out var measured))
            {
                return false;
            }

            if (measured.TimestampUnixNano < earliest.TimestampUnixNano)
            {
                earliest = measured;
            }
        }

        if (pod.ContainerCount == 0 || IsStale(pinned, earliest.TimestampUnixNano))
        {
            return false;
        }

        usage = new PodUsage(pod.Namespace, pod.Name, earliest, new PodContainers(this, pinned.Table, pod.FirstContainer, pod.ContainerCount));
        return true;
    }

    private bool IsStale(PinnedTable pinned, long timestampUnixNano) =>
        pinned.ScrapeFailing && timestampUnixNano < _nowUnixNano - _staleAfterNanoseconds;

    /// <summary>The node's pinned table, pinned now if this is the view's first visit; a reference into the pin map, valid until the next pin.</summary>
    private ref PinnedTable Pin(NodeSlot slot)
    {
        ref var pinned = ref CollectionsMarshal.GetValueRefOrAddDefault(_pinned, slot, out var exists);
        if (!exists)
        {
            var table = slot.AcquirePublished();
            pinned = new PinnedTable(table, slot.ScrapeFailing);
        }

        return ref pinned;
    }

    /// <summary>
    /// A pod that moved keeps showing in its old node's table until that node's next scrape; list it once, from the
    /// node the index points at (the same answer <see cref="TryGetPod"/> gives).
    /// </summary>
    private void RemoveDuplicatesOfMovedPods(List<PodUsage> into, int start)
    {
        var write = start;
        for (var read = start; read < into.Count; read++)
        {
            var candidate = into[read];
            if (write > start && PodOrder(into[write - 1], candidate) == 0)
            {
                if (_pods.TryGetOwner(candidate.Namespace, candidate.Name, out var owner) && candidate.Containers.IsFrom(owner))
                {
                    into[write - 1] = candidate;
                }

                continue;
            }

            into[write++] = candidate;
        }

        into.RemoveRange(write, into.Count - write);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(!_open, this);

    [StructLayout(LayoutKind.Auto)]
    private record struct PinnedTable(NodeTable? Table, bool ScrapeFailing)
    {
        /// <summary>Where the next pod lookup in this table starts scanning.</summary>
        public int NextPod { get; set; }
    }

    private static int ComparePods(PodUsage x, PodUsage y)
    {
        var byNamespace = string.CompareOrdinal(x.Namespace, y.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(x.Name, y.Name);
    }
}
