namespace MetricsOperator.Scraping;

/// <summary>
/// Turns the grouped container points into served pods: pods sorted by namespace and name, each pod's containers by
/// name (ordinal bytes), a pod served only when every one of its containers is usable, otherwise every container
/// recorded as dropped. Reusable scratch state; not thread-safe.
/// </summary>
internal sealed class PodAssembler
{
    /// <summary>Up to this many containers in a pod are put in order by insertion, the usual case by far.</summary>
    private const int InsertionSortLimit = 16;

    private readonly PodSorter _podSorter = new();
    private readonly Comparison<int> _compareContainers;
    private int[] _podOrder = new int[32];
    private int[] _group = new int[16];
    private ContainerPointTable? _table;
    private DecodedPayload? _arena;

    public PodAssembler() => _compareContainers = CompareContainers;

    public void Assemble(ContainerPointTable table, DecodedPayload into)
    {
        var pods = table.Pods.Pods;
        if (pods.IsEmpty)
        {
            return;
        }

        _table = table;
        _arena = into;
        try
        {
            var order = Grow(ref _podOrder, pods.Length);
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            _podSorter.Sort(order, pods, into);
            foreach (var pod in order)
            {
                EmitPod(table.Entries, ContainersInOrder(pods[pod]), into);
            }
        }
        finally
        {
            _table = null;
            _arena = null;
        }
    }

    private static Span<int> Grow(ref int[] array, int length)
    {
        if (array.Length < length)
        {
            array = new int[Math.Max(length, array.Length * 2)];
        }

        return array.AsSpan(0, length);
    }

    /// <summary>The pod's containers sorted by name (ordinal bytes), in scratch space valid until the next call.</summary>
    private Span<int> ContainersInOrder(in PodGroup pod)
    {
        var entries = _table!.Entries;
        var group = Grow(ref _group, pod.ContainerCount);
        var count = 0;
        for (var index = pod.FirstContainer; index >= 0; index = entries[index].NextInPod)
        {
            group[count++] = index;
        }

        if (count > InsertionSortLimit)
        {
            group.Sort(_compareContainers);
            return group;
        }

        for (var i = 1; i < count; i++)
        {
            var current = group[i];
            var j = i - 1;
            for (; j >= 0 && CompareContainers(group[j], current) > 0; j--)
            {
                group[j + 1] = group[j];
            }

            group[j + 1] = current;
        }

        return group;
    }

    private static void EmitPod(ReadOnlySpan<ContainerPoint> entries, ReadOnlySpan<int> group, DecodedPayload into)
    {
        foreach (var index in group)
        {
            ref readonly var entry = ref entries[index];
            if (!entry.Point.IsUsable(entry.FirstLine, out _, out _, out _, out _))
            {
                DropPod(entries, group, into);
                return;
            }
        }

        var first = -1;
        foreach (var index in group)
        {
            var added = into.AddContainer(ToSample(entries[index], into));
            first = first < 0 ? added : first;
        }

        ref readonly var head = ref entries[group[0]];
        into.AddPod(new PodSample { Namespace = head.Namespace, Name = head.Pod, FirstContainer = first, ContainerCount = group.Length });
    }

    private static ContainerSample ToSample(in ContainerPoint entry, DecodedPayload into)
    {
        entry.Point.IsUsable(entry.FirstLine, out var cpu, out var memory, out _, out _);
        var sample = new ContainerSample
        {
            Name = entry.Container,
            TimestampUnixNano = entry.Point.TimestampUnixNano,
            CpuNanoCoreSeconds = cpu,
            MemoryWorkingSetBytes = memory,
        };

        if (entry.Point.TryGetSwap(out var swap, out var swapReason))
        {
            sample.HasSwap = true;
            sample.SwapUsageBytes = swap;
        }
        else if (entry.Point.SwapLine != 0)
        {
            into.AddDropped(SeriesDrop(entry, swapReason, entry.Point.SwapLine));
        }

        if (entry.StartTimeLine != 0)
        {
            if (double.IsFinite(entry.StartTimeSeconds))
            {
                sample.StartTimeUnixNano = (long)(entry.StartTimeSeconds * 1e9);
            }
            else
            {
                into.AddDropped(SeriesDrop(entry, DropReason.NotANumber, entry.StartTimeLine));
            }
        }

        return sample;
    }

    private static void DropPod(ReadOnlySpan<ContainerPoint> entries, ReadOnlySpan<int> group, DecodedPayload into)
    {
        foreach (var index in group)
        {
            ref readonly var entry = ref entries[index];
            var own = entry.Point.IsUsable(entry.FirstLine, out _, out _, out var reason, out var line);
            into.AddDropped(new DroppedEntry
            {
                Kind = DroppedKind.Container,
                Reason = own ? DropReason.SiblingContainerDropped : reason,
                Namespace = entry.Namespace,
                Pod = entry.Pod,
                Container = entry.Container,
                Line = own ? entry.FirstLine : line,
            });
        }
    }

    private static DroppedEntry SeriesDrop(in ContainerPoint entry, DropReason reason, int line) => new()
    {
        Kind = DroppedKind.Series,
        Reason = reason,
        Namespace = entry.Namespace,
        Pod = entry.Pod,
        Container = entry.Container,
        Line = line,
    };

    private int CompareContainers(int left, int right)
    {
        var entries = _table!.Entries;
        return _arena!.Label(entries[left].Container).SequenceCompareTo(_arena.Label(entries[right].Container));
    }
}
