using System.Collections.Concurrent;

namespace MetricsOperator.Storage;

/// <summary>Which node's table holds a pod. Writers change it only when a pod appears, moves or leaves.</summary>
internal sealed class PodIndex
{
    private readonly ConcurrentDictionary<PodKey, PodOwner> _owners = new();

    public bool TryGetOwner(string podNamespace, string podName, out NodeSlot owner) =>
        TryGetOwner(podNamespace, podName, out owner, out _);

    /// <summary>
    /// Also gives the owner's own instance of the pod's name: tables carry a pod's name from one scrape to the next,
    /// so a reader finds the pod in the owner's table by reference, without reading the name of every pod before it.
    /// </summary>
    public bool TryGetOwner(string podNamespace, string podName, out NodeSlot owner, out string storedName)
    {
        var found = _owners.TryGetValue(new PodKey(podNamespace, podName), out var entry);
        (owner, storedName) = (entry.Slot, entry.Name);
        return found;
    }

    /// <summary>The pod is now reported by <paramref name="owner"/> (new, or moved from another node).</summary>
    public void SetOwner(in PodEntry pod, NodeSlot owner) => _owners[new PodKey(pod.Namespace, pod.Name)] = new PodOwner(owner, pod.Name);

    /// <summary>Forgets the pod unless another node took it over meanwhile.</summary>
    public void RemoveIfOwnedBy(in PodEntry pod, NodeSlot owner) =>
        _owners.TryRemove(KeyValuePair.Create(new PodKey(pod.Namespace, pod.Name), new PodOwner(owner, pod.Name)));

    private readonly record struct PodKey(string Namespace, string Name);

    /// <summary>Equal when the slot is the same object (a slot has no value equality) and the name has the same text.</summary>
    private readonly record struct PodOwner(NodeSlot Slot, string Name);
}
