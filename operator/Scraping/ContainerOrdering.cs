using System.Buffers.Binary;

namespace MetricsOperator.Scraping;

/// <summary>
/// Orders the containers of a <see cref="ContainerPointTable"/> by namespace, pod and container name (ordinal bytes).
/// The kubelet writes them by container name first, so every payload needs a real sort. Each namespace and pod name's
/// first eight bytes are read once, big-endian, so a comparison is usually settled by integers and only names that
/// share those bytes are compared in full. Reusable scratch state; not thread-safe.
/// </summary>
internal sealed class ContainerOrdering
{
    private readonly Comparison<int> _compare;
    private ulong[] _namespacePrefixes = new ulong[64];
    private ulong[] _podPrefixes = new ulong[64];
    private ContainerPointTable? _table;
    private DecodedPayload? _arena;

    public ContainerOrdering() => _compare = Compare;

    /// <summary>Fills <paramref name="order"/> (one slot per container) with the table's indexes in name order.</summary>
    public void Sort(ContainerPointTable table, DecodedPayload arena, Span<int> order)
    {
        var entries = table.Entries;
        if (_namespacePrefixes.Length < entries.Length)
        {
            _namespacePrefixes = new ulong[Math.Max(entries.Length, _namespacePrefixes.Length * 2)];
            _podPrefixes = new ulong[_namespacePrefixes.Length];
        }

        for (var i = 0; i < entries.Length; i++)
        {
            _namespacePrefixes[i] = Prefix(arena.Label(entries[i].Namespace));
            _podPrefixes[i] = Prefix(arena.Label(entries[i].Pod));
            order[i] = i;
        }

        _table = table;
        _arena = arena;
        try
        {
            order[..entries.Length].Sort(_compare);
        }
        finally
        {
            _table = null;
            _arena = null;
        }
    }

    /// <summary>
    /// The first eight bytes, zero-padded, as a big-endian integer. When two prefixes differ, their order is the
    /// names' ordinal order (a zero pad sorts like the end of the shorter name); equal prefixes decide nothing.
    /// </summary>
    private static ulong Prefix(ReadOnlySpan<byte> name)
    {
        if (name.Length >= sizeof(ulong))
        {
            return BinaryPrimitives.ReadUInt64BigEndian(name);
        }

        ulong prefix = 0;
        for (var i = 0; i < name.Length; i++)
        {
            prefix |= (ulong)name[i] << (56 - (8 * i));
        }

        return prefix;
    }

    private int Compare(int left, int right)
    {
        var entries = _table!.Entries;
        var arena = _arena!;
        ref readonly var a = ref entries[left];
        ref readonly var b = ref entries[right];
        var order = ComparePrefixes(_namespacePrefixes[left], _namespacePrefixes[right]);
        order = order != 0 ? order : arena.Label(a.Namespace).SequenceCompareTo(arena.Label(b.Namespace));
        order = order != 0 ? order : ComparePrefixes(_podPrefixes[left], _podPrefixes[right]);
        order = order != 0 ? order : arena.Label(a.Pod).SequenceCompareTo(arena.Label(b.Pod));
        return order != 0 ? order : arena.Label(a.Container).SequenceCompareTo(arena.Label(b.Container));
    }

    private static int ComparePrefixes(ulong left, ulong right) => left == right ? 0 : (left < right ? -1 : 1);
}
