namespace MetricsOperator.Scraping;

/// <summary>
/// Turns the grouped container points into served pods: sorted by namespace, pod and container name (ordinal bytes),
/// a pod served only when every one of its containers is usable, otherwise every container recorded as dropped.
/// Reusable scratch state; not thread-safe.
/// </summary>
internal sealed class PodAssembler
{
    private readonly Comparison<int> _compare;
    private int[] _order = new int[64];
    private ContainerPointTable? _table;
    private DecodedPayload? _arena;

    public PodAssembler() => _compare = Compare;

    public void Assemble(ContainerPointTable table, DecodedPayload into)
    {
        var count = table.Count;
        if (count == 0)
        {
            return;
        }

        if (_order.Length < count)
        {
            _order = new int[Math.Max(count, _order.Length * 2)];
        }

        var order = _order.AsSpan(0, count);
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        _table = table;
        _arena = into;
        try
        {
            order.Sort(_compare);
        }
        finally
        {
            _table = null;
            _arena = null;
        }

        var entries = table.Entries;
        var start = 0;
        while (start < count)
        {
            var end = start + 1;
            while (end < count && IsSamePod(entries[order[start]], entries[order[end]], into))
            {
                end++;
            }

            EmitPod(entries, order[start..end], into);
            start = end;
        }
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

    private static bool IsSamePod(in ContainerPoint a, in ContainerPoint b, DecodedPayload arena) =>
        arena.Label(a.Pod).SequenceEqual(arena.Label(b.Pod)) && arena.Label(a.Namespace).SequenceEqual(arena.Label(b.Namespace));

    private int Compare(int left, int right)
    {
        var entries = _table!.Entries;
        var arena = _arena!;
        ref readonly var a = ref entries[left];
        ref readonly var b = ref entries[right];
        var order = arena.Label(a.Namespace).SequenceCompareTo(arena.Label(b.Namespace));
        if (order == 0)
        {
            order = arena.Label(a.Pod).SequenceCompareTo(arena.Label(b.Pod));
        }

        return order != 0 ? order : arena.Label(a.Container).SequenceCompareTo(arena.Label(b.Container));
    }
}
