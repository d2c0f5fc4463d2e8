using System.Diagnostics.CodeAnalysis;
using k8s;
using k8s.Models;

namespace MetricsOperator.Kubernetes.Informers;

/// <summary>An object's identity in a cache: namespace (empty for cluster-scoped objects) and name.</summary>
internal readonly record struct ObjectKey(string Namespace, string Name)
{
    /// <summary>The key of <paramref name="item"/>; throws when it has no <c>metadata.name</c>.</summary>
    public static ObjectKey Of(IKubernetesObject<V1ObjectMeta> item) =>
        TryOf(item, out var key)
            ? key
            : throw new ArgumentException($"a {item?.Kind ?? "Kubernetes"} object without metadata.name cannot be cached", nameof(item));

    public static bool TryOf([NotNullWhen(true)] IKubernetesObject<V1ObjectMeta>? item, out ObjectKey key)
    {
        var metadata = item?.Metadata;
        if (metadata is null || string.IsNullOrEmpty(metadata.Name))
        {
            key = default;
            return false;
        }

        key = new ObjectKey(metadata.NamespaceProperty ?? string.Empty, metadata.Name);
        return true;
    }

    /// <summary><c>namespace/name</c>, or just <c>name</c> for cluster-scoped objects, as client-go prints keys.</summary>
    public override string ToString() => Namespace.Length == 0 ? Name : Namespace + "/" + Name;
}
