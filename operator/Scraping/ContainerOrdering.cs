using System.Runtime.InteropServices;

namespace MetricsOperator.Scraping;

/// <summary>
/// Orders the containers of a <see cref="ContainerPointTable"/> by namespace, pod and container name (ordinal bytes).
/// The kubelet writes them by container name first, so every payload needs a real sort. It runs on keys holding each
/// name whole when it has at most 16 bytes, so the sort compares integers inlined; only runs of equal keys (names
/// longer than that sharing their first 16 bytes) are then ordered on the full names. Reusable scratch state; not
/// thread-safe.
/// </summary>
internal sealed class ContainerOrdering
{
    /// <summary>Runs up to this length are insertion-sorted; longer ones (crafted payloads) take the general sort.</summary>
    private const int InsertionSortLimit = 16;

    private readonly Comparison<int> _compareNames;
    private SortKey[] _keys = new SortKey[64];
    private ContainerPointTable? _table;
    private DecodedPayload? _arena;

    public ContainerOrdering() => _compareNames = CompareNames;

    /// <summary>Fills <paramref name="order"/> (one slot per container) with the table's indexes in name order.</summary>
    public void Sort(ContainerPointTable table, DecodedPayload arena, Span<int> order)
    {
        var entries = table.Entries;
        if (_keys.Length < entries.Length)
        {
            _keys = new SortKey[Math.Max(entries.Length, _keys.Length * 2)];
        }

        var keys = _keys.AsSpan(0, entries.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            ref readonly var entry = ref entries[i];

            // Past a name that is not held whole, the next names' keys would order wrongly: they are left out (zero).
            var podNamespace = NameKey.Of(arena.Label(entry.Namespace));
            var pod = podNamespace.IsWhole ? NameKey.Of(arena.Label(entry.Pod)) : default;
            var container = podNamespace.IsWhole && pod.IsWhole ? NameKey.Of(arena.Label(entry.Container)) : default;
            keys[i] = new SortKey(podNamespace, pod, container, i);
        }

        keys.Sort();
        order = order[..keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            order[i] = keys[i].Index;
        }

        _table = table;
        _arena = arena;
        try
        {
            SortRunsOfEqualKeys(keys, order);
        }
        finally
        {
            _table = null;
            _arena = null;
        }
    }

    private void SortRunsOfEqualKeys(ReadOnlySpan<SortKey> keys, Span<int> order)
    {
        var start = 0;
        while (start < keys.Length)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end].HasSameNames(keys[start]))
            {
                end++;
            }

            var run = order[start..end];
            if (run.Length > InsertionSortLimit)
            {
                run.Sort(_compareNames);
            }
            else if (run.Length > 1)
            {
                InsertionSort(run);
            }

            start = end;
        }
    }

    private void InsertionSort(Span<int> run)
    {
        for (var i = 1; i < run.Length; i++)
        {
            var item = run[i];
            var j = i - 1;
            while (j >= 0 && CompareNames(run[j], item) > 0)
            {
                run[j + 1] = run[j];
                j--;
            }

            run[j + 1] = item;
        }
    }

    private int CompareNames(int left, int right)
    {
        var entries = _table!.Entries;
        var arena = _arena!;
        ref readonly var a = ref entries[left];
        ref readonly var b = ref entries[right];
        var order = arena.Label(a.Namespace).SequenceCompareTo(arena.Label(b.Namespace));
        order = order != 0 ? order : arena.Label(a.Pod).SequenceCompareTo(arena.Label(b.Pod));
        return order != 0 ? order : arena.Label(a.Container).SequenceCompareTo(arena.Label(b.Container));
    }

    /// <summary>A container's name keys; the index breaks ties only to keep the sort deterministic.</summary>
    [StructLayout(LayoutKind.Auto)]
    private readonly record struct SortKey(NameKey Namespace, NameKey Pod, NameKey Container, int Index) : IComparable<SortKey>
    {
        public int CompareTo(SortKey other)
        {
            var order = Namespace.CompareTo(other.Namespace);
            order = order != 0 ? order : Pod.CompareTo(other.Pod);
            order = order != 0 ? order : Container.CompareTo(other.Container);
            return order != 0 ? order : Index.CompareTo(other.Index);
        }

        public bool HasSameNames(SortKey other) => Namespace == other.Namespace && Pod == other.Pod && Container == other.Container;
    }
}
