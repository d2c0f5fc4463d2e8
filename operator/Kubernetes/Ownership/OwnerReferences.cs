using k8s;
using k8s.Models;

namespace MetricsOperator.Kubernetes.Ownership;

/// <summary>Owner references for garbage collection; the client library has no factory for them.</summary>
internal static class OwnerReferences
{
    /// <summary>
    /// The controller reference to <paramref name="owner"/> (<c>controller</c> and <c>blockOwnerDeletion</c> true).
    /// The owner must carry apiVersion, kind, name and uid, as objects read from the API do.
    /// </summary>
    public static V1OwnerReference ControllerReference(IKubernetesObject<V1ObjectMeta> owner)
    {
        var reference = Reference(owner);
        reference.Controller = true;
        reference.BlockOwnerDeletion = true;
        return reference;
    }

    /// <summary>A non-controller reference to <paramref name="owner"/>.</summary>
    public static V1OwnerReference Reference(IKubernetesObject<V1ObjectMeta> owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var missing = new List<string>();
        if (string.IsNullOrEmpty(owner.ApiVersion))
        {
            missing.Add("apiVersion");
        }

        if (string.IsNullOrEmpty(owner.Kind))
        {
            missing.Add("kind");
        }

        if (string.IsNullOrEmpty(owner.Metadata?.Name))
        {
            missing.Add("metadata.name");
        }

        if (string.IsNullOrEmpty(owner.Metadata?.Uid))
        {
            missing.Add("metadata.uid");
        }

        if (missing.Count > 0)
        {
            throw new ArgumentException($"cannot reference an owner without {string.Join(", ", missing)}", nameof(owner));
        }

        return new V1OwnerReference
        {
            ApiVersion = owner.ApiVersion,
            Kind = owner.Kind,
            Name = owner.Metadata!.Name,
            Uid = owner.Metadata.Uid,
        };
    }

    /// <summary>Whether <paramref name="item"/>'s controller reference points at the object with <paramref name="ownerUid"/>.</summary>
    public static bool IsControlledBy(IKubernetesObject<V1ObjectMeta> item, string ownerUid)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Metadata?.OwnerReferences?.Any(reference => reference.Controller == true && reference.Uid == ownerUid) == true;
    }

    /// <summary>The controller reference of <paramref name="item"/>, if any.</summary>
    public static V1OwnerReference? ControllerOf(IKubernetesObject<V1ObjectMeta> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Metadata?.OwnerReferences?.FirstOrDefault(reference => reference.Controller == true);
    }
}
