using System.Collections.Concurrent;

namespace MetricsOperator.Storage;

/// <summary>Which node's table holds a pod. Writers change it only when a pod appears, moves or leaves.</summary>
internal sealed class PodIndex
{
    private readonly ConcurrentDictionary<PodKey, NodeSlot> _owners;
    private readonly ConcurrentDictionary<PodKey, NodeSlot>.AlternateLookup<PodKey> _withStoredKey;

    public PodIndex()
    {
        _owners = new ConcurrentDictionary<PodKey, NodeSlot>(PodKeyComparer.Instance);
        _withStoredKey = _owners.GetAlternateLookup<PodKey>();
    }

    public bool TryGetOwner(string podNamespace, string podName, out NodeSlot owner) =>
        _owners.TryGetValue(new PodKey(podNamespace, podName), out owner!);

    /// <summary>
    /// Also gives the name string the index stored for the pod: the instance of the <see cref="PodEntry.Name"/> it
    /// was added with, which the owner's table keeps while the pod stays, so a reader can find the entry by reference.
    /// </summary>
    public bool TryGetOwner(string podNamespace, string podName, out NodeSlot owner, out string storedName)
    {
        if (_withStoredKey.TryGetValue(new PodKey(podNamespace, podName), out var stored, out owner!))
        {
            storedName = stored.Name;
            return true;
        }

        storedName = podName;
        return false;
    }

    /// <summary>The pod is now reported by <paramref name="owner"/> (new, or moved from another node).</summary>
    public void SetOwner(in PodEntry pod, NodeSlot owner) => _owners[new PodKey(pod.Namespace, pod.Name)] = owner;

    /// <summary>Forgets the pod unless another node took it over meanwhile.</summary>
    public void RemoveIfOwnedBy(in PodEntry pod, NodeSlot owner) =>
        _owners.TryRemove(KeyValuePair.Create(new PodKey(pod.Namespace, pod.Name), owner));

    private readonly record struct PodKey(string Namespace, string Name);

    /// <summary>Ordinal equality of both names; the alternate side (the same type) only exists to read back the stored key.</summary>
    private sealed class PodKeyComparer : IEqualityComparer<PodKey>, IAlternateEqualityComparer<PodKey, PodKey>
    {
        public static readonly PodKeyComparer Instance = new();

        public bool Equals(PodKey x, PodKey y) =>
            string.Equals(x.Name, y.Name, StringComparison.Ordinal) && string.Equals(x.Namespace, y.Namespace, StringComparison.Ordinal);

        public int GetHashCode(PodKey obj) => HashCode.Combine(StringComparer.Ordinal.GetHashCode(obj.Namespace), StringComparer.Ordinal.GetHashCode(obj.Name));

        public PodKey Create(PodKey alternate) => alternate;
    }
}
