using System.Collections.Concurrent;

namespace MetricsOperator.Storage;

/// <summary>Which node's table holds a pod. Writers change it only when a pod appears, moves or leaves.</summary>
internal sealed class PodIndex
{
    private readonly ConcurrentDictionary<PodKey, NodeSlot> _owners = new();

    public bool TryGetOwner(string podNamespace, string podName, out NodeSlot owner) =>
        _owners.TryGetValue(new PodKey(podNamespace, podName), out owner!);

    /// <summary>The pod is now reported by <paramref name="owner"/> (new, or moved from another node).</summary>
    public void SetOwner(in PodEntry pod, NodeSlot owner) => _owners[new PodKey(pod.Namespace, pod.Name)] = owner;

    /// <summary>Forgets the pod unless another node took it over meanwhile.</summary>
    public void RemoveIfOwnedBy(in PodEntry pod, NodeSlot owner) =>
        _owners.TryRemove(KeyValuePair.Create(new PodKey(pod.Namespace, pod.Name), owner));

    private readonly record struct PodKey(string Namespace, string Name);
}
