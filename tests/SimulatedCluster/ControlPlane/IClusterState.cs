using k8s;
using k8s.Models;

namespace MetricsOperator.SimulatedCluster.ControlPlane;

/// <summary>
/// Typed access to the stand-in's stored objects for the components beside the REST layer (security, aggregation,
/// kubelets). The resource is found from the type's <see cref="KubernetesEntityAttribute"/>.
/// </summary>
internal interface IClusterState
{
    /// <summary>Changes on every write; lets readers cache derived data (for example RBAC rules).</summary>
    long Revision { get; }

    T? Get<T>(string? ns, string name)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    IReadOnlyList<T> List<T>(string? ns = null)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Creates or replaces the object (status included), as the control plane itself would.</summary>
    T Upsert<T>(T item)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Raised after every committed write, with the kind (plural resource) that changed.</summary>
    event Action<string>? Changed;
}
