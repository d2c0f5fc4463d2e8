using k8s;
using k8s.Models;

namespace MetricsOperator.Kubernetes.Informers;

/// <summary>
/// An index from owner UID to owned objects, so a change to a child can be mapped to its parent
/// (controller-runtime's <c>EnqueueRequestForOwner</c>).
/// </summary>
internal static class OwnerReferenceIndex
{
    public const string Name = "owner-uid";

    /// <summary>The UIDs in <c>metadata.ownerReferences</c>.</summary>
    public static IEnumerable<string> OwnerUids(IKubernetesObject<V1ObjectMeta> item)
    {
        var owners = item.Metadata?.OwnerReferences;
        if (owners is null || owners.Count == 0)
        {
            return [];
        }

        var uids = new List<string>(owners.Count);
        foreach (var owner in owners)
        {
            if (!string.IsNullOrEmpty(owner?.Uid))
            {
                uids.Add(owner.Uid);
            }
        }

        return uids;
    }

    public static void AddOwnerReferenceIndex<T>(this InformerCache<T> cache)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        cache.AddIndex(Name, OwnerUids);

    /// <summary>Objects whose owner references include <paramref name="ownerUid"/> (needs <see cref="AddOwnerReferenceIndex{T}"/>).</summary>
    public static IReadOnlyList<T> ByOwnerUid<T>(this InformerCache<T> cache, string ownerUid)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        cache.ByIndex(Name, ownerUid);
}
