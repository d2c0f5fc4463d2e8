using k8s;
using k8s.Models;

namespace MetricsOperator.Kubernetes.Informers;

/// <summary>
/// Ready-made <see cref="Informer{T}.Transform"/>s that drop fields an informer's readers never use, so a cache of
/// thousands of objects does not keep them. They modify the freshly decoded object in place.
/// </summary>
internal static class KubernetesObjectTransforms
{
    /// <summary>Drops <c>metadata.managedFields</c>, often the largest part of an object.</summary>
    public static T WithoutManagedFields<T>(T item)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        if (item.Metadata is { } metadata)
        {
            metadata.ManagedFields = null;
        }

        return item;
    }

    /// <summary>Drops managed fields and <c>status.images</c> (every image on the node, often many kilobytes).</summary>
    public static V1Node SlimNode(V1Node node)
    {
        WithoutManagedFields(node);
        if (node.Status is { } status)
        {
            status.Images = null;
        }

        return node;
    }
}
