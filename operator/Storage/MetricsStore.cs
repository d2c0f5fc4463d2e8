using System.Buffers;
using MetricsOperator.Scraping;

namespace MetricsOperator.Storage;

/// <summary>
/// The metrics kept between scrapes: per node, the last two points of the node and of each container, from which
/// the served rates come (the two-point model of metrics-server). Writers are the scraper (one call at a time per
/// node, different nodes in parallel) and the informers (a node or pod left the cluster); readers open a
/// <see cref="MetricsReadView"/> and never wait for either.
/// </summary>
internal sealed class MetricsStore : INodeMetricsSink
{
    /// <summary>Scratch for up to this many pods per node lives on the stack; bigger nodes rent it.</summary>
    private const int StackScratchPods = 256;

    private readonly ScrapeSettingsSource _settings;
    private readonly TimeProvider _time;
    private readonly NodeRegistry _nodes = new();
    private readonly PodIndex _pods = new();
    private readonly NameInterner _names = new();
    private readonly ReadViewPool _views;
    private int _storedPods;
    private int _podsWithPrev;
    private int _containersWithPrev;
    private int _nodesWithPrev;
    private volatile bool _hasStored;

    public MetricsStore(TimeProvider time, ScrapeSettingsSource settings)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(settings);
        _time = time;
        _settings = settings;
        _views = new ReadViewPool(_nodes, _pods, time, settings);
    }

    /// <summary>As the reference: some node and some pod have a previous point (both, since v0.9.0).</summary>
    public bool IsReady => Volatile.Read(ref _nodesWithPrev) > 0 && Volatile.Read(ref _podsWithPrev) > 0;

    /// <summary>False until the first successful scrape was stored (the reference has no gauge series before that).</summary>
    public bool HasStored => _hasStored;

    public StoredPointCounts Counts => new(
        Volatile.Read(ref _storedPods),
        Volatile.Read(ref _podsWithPrev),
        Volatile.Read(ref _containersWithPrev),
        Volatile.Read(ref _nodesWithPrev));

    /// <summary>Opens a read view; dispose it when the request is answered.</summary>
    public MetricsReadView OpenView() => _views.Rent();

    public void StoreNode(string nodeName, DecodedPayload payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        ArgumentNullException.ThrowIfNull(payload);
        if (!_settings.IsEnabled)
        {
            return; // a round that was in flight when scraping was disabled: nothing is served any more
        }

        var resolution = _settings.Current.Resolution.Ticks * TimeSpan.NanosecondsPerTick;
        while (true)
        {
            var slot = _nodes.GetOrAdd(nodeName);
            lock (slot.WriteGate)
            {
                if (slot.Removed)
                {
                    continue; // removed while we looked it up: store into the node's new slot
                }

                Replace(slot, payload, resolution);
                slot.ScrapeFailing = false;
                _hasStored = true;
                return;
            }
        }
    }

    public void MarkNodeFailed(string nodeName)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        if (!_nodes.TryGet(nodeName, out var slot))
        {
            return;
        }

        lock (slot.WriteGate)
        {
            if (slot.Removed)
            {
                return;
            }

            slot.ScrapeFailing = true;
            var previous = slot.Published;
            var staleAfter = _settings.Current.EffectiveStalenessBound.Ticks * TimeSpan.NanosecondsPerTick;
            if (previous is not null && previous.NewestTimestampUnixNano < UnixClock.NowUnixNano(_time) - staleAfter)
            {
                // Everything the node reported is stale: free it (readers already stopped serving it).
                var retired = slot.Publish(null);
                Forget(slot, previous);
                retired?.Release();
            }
        }
    }

    /// <summary>Drops every node's data at once (no active MetricsBackend: nothing is served).</summary>
    public void Clear()
    {
        foreach (var slot in _nodes.Sorted)
        {
            RemoveNode(slot.Name);
        }

        _nodes.Tables.Clear();
    }

    /// <summary>The node left the cluster: its data is gone at once.</summary>
    public void RemoveNode(string nodeName)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        if (!_nodes.TryRemove(nodeName, out var slot))
        {
            return;
        }

        lock (slot.WriteGate)
        {
            var previous = slot.MarkRemoved();
            if (previous is not null)
            {
                Forget(slot, previous);
                previous.Release();
            }
        }
    }

    /// <summary>The pod left the cluster: its data is gone at once; if a later scrape still reports it, it starts over.</summary>
    public void RemovePod(string podNamespace, string podName)
    {
        ArgumentNullException.ThrowIfNull(podNamespace);
        ArgumentException.ThrowIfNullOrEmpty(podName);
        if (!_pods.TryGetOwner(podNamespace, podName, out var slot))
        {
            return;
        }

        lock (slot.WriteGate)
        {
            var previous = slot.Published;
            var position = previous is null ? -1 : IndexOf(previous.Pods, podNamespace, podName);
            if (slot.Removed || position < 0)
            {
                return;
            }

            var departed = previous!.Pods[position];
            var target = slot.RentTable(previous.Pods.Length - 1, previous.ContainerCount);
            NodeTableBuilder.FillWithout(target, previous, position);
            var retired = slot.Publish(target);
            _pods.RemoveIfOwnedBy(departed, slot);
            Account(target.Counts - previous.Counts);
            retired?.Release();
        }
    }

    private void Replace(NodeSlot slot, DecodedPayload payload, long resolutionNanoseconds)
    {
        var previous = slot.Published;
        var previousPods = previous?.Pods.Length ?? 0;
        var newPods = payload.Pods.Length;
        int[]? rentedOrigins = null;
        bool[]? rentedCarried = null;
        var origins = newPods <= StackScratchPods ? stackalloc int[StackScratchPods] : (rentedOrigins = ArrayPool<int>.Shared.Rent(newPods));
        var carried = previousPods <= StackScratchPods ? stackalloc bool[StackScratchPods] : (rentedCarried = ArrayPool<bool>.Shared.Rent(previousPods));
        origins = origins[..newPods];
        carried = carried[..previousPods];

        var target = slot.RentTable(newPods, payload.Containers.Length);
        NodeTableBuilder.Fill(target, previous, payload, resolutionNanoseconds, _names, origins, carried);
        var retired = slot.Publish(target);

        // `previous` stays readable until this writer releases its publication reference below.
        var pods = target.Pods;
        for (var i = 0; i < pods.Length; i++)
        {
            if (origins[i] < 0)
            {
                _pods.SetOwner(pods[i], slot);
            }
        }

        if (previous is not null)
        {
            var departed = previous.Pods;
            for (var i = 0; i < departed.Length; i++)
            {
                if (!carried[i])
                {
                    _pods.RemoveIfOwnedBy(departed[i], slot);
                }
            }
        }

        Account(target.Counts - (previous?.Counts ?? default));
        retired?.Release();
        ReturnScratch(rentedOrigins, rentedCarried);
    }

    private void Forget(NodeSlot slot, NodeTable previous)
    {
        foreach (ref readonly var pod in previous.Pods)
        {
            _pods.RemoveIfOwnedBy(pod, slot);
        }

        Account(default(StoredPointCounts) - previous.Counts);
    }

    private void Account(StoredPointCounts delta)
    {
        Interlocked.Add(ref _storedPods, delta.Pods);
        Interlocked.Add(ref _podsWithPrev, delta.PodsWithPrev);
        Interlocked.Add(ref _containersWithPrev, delta.ContainersWithPrev);
        Interlocked.Add(ref _nodesWithPrev, delta.NodesWithPrev);
    }

    private static int IndexOf(ReadOnlySpan<PodEntry> pods, string podNamespace, string podName)
    {
        for (var i = 0; i < pods.Length; i++)
        {
            if (string.Equals(pods[i].Name, podName, StringComparison.Ordinal)
                && string.Equals(pods[i].Namespace, podNamespace, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static void ReturnScratch(int[]? origins, bool[]? carried)
    {
        if (origins is not null)
        {
            ArrayPool<int>.Shared.Return(origins);
        }

        if (carried is not null)
        {
            ArrayPool<bool>.Shared.Return(carried);
        }
    }
}
