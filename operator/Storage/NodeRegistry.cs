using System.Collections.Concurrent;

namespace MetricsOperator.Storage;

/// <summary>
/// The nodes the store knows, by name for lookups and as an array sorted by name for listing. The array is
/// replaced (never changed) when a node is added or removed, which is rare, so listing needs no sort and no lock.
/// </summary>
internal sealed class NodeRegistry
{
    private readonly ConcurrentDictionary<string, NodeSlot> _byName = new(StringComparer.Ordinal);
    private readonly Lock _membershipGate = new();
    private NodeSlot[] _sorted = [];

    /// <summary>The retired tables every node's writer refills.</summary>
    public NodeTablePool Tables { get; } = new();

    /// <summary>Every known node in ordinal name order, as of the call.</summary>
    public NodeSlot[] Sorted => Volatile.Read(ref _sorted);

    public bool TryGet(string nodeName, out NodeSlot slot) => _byName.TryGetValue(nodeName, out slot!);

    public NodeSlot GetOrAdd(string nodeName)
    {
        if (_byName.TryGetValue(nodeName, out var existing))
        {
            return existing;
        }

        lock (_membershipGate)
        {
            if (_byName.TryGetValue(nodeName, out existing))
            {
                return existing;
            }

            var slot = new NodeSlot(nodeName, Tables);
            var sorted = Sorted;
            var position = ~Array.BinarySearch(sorted, slot, SlotNameOrder.Instance);
            var grown = new NodeSlot[sorted.Length + 1];
            sorted.AsSpan(0, position).CopyTo(grown);
            grown[position] = slot;
            sorted.AsSpan(position).CopyTo(grown.AsSpan(position + 1));
            Volatile.Write(ref _sorted, grown);
            _byName[nodeName] = slot;
            return slot;
        }
    }

    public bool TryRemove(string nodeName, out NodeSlot slot)
    {
        lock (_membershipGate)
        {
            if (!_byName.TryRemove(nodeName, out slot!))
            {
                return false;
            }

            var sorted = Sorted;
            var position = Array.IndexOf(sorted, slot);
            var shrunk = new NodeSlot[sorted.Length - 1];
            sorted.AsSpan(0, position).CopyTo(shrunk);
            sorted.AsSpan(position + 1).CopyTo(shrunk.AsSpan(position));
            Volatile.Write(ref _sorted, shrunk);
            return true;
        }
    }

    private sealed class SlotNameOrder : IComparer<NodeSlot>
    {
        public static readonly SlotNameOrder Instance = new();

        public int Compare(NodeSlot? x, NodeSlot? y) => string.CompareOrdinal(x?.Name, y?.Name);
    }
}
