using k8s;
using k8s.Models;

namespace MetricsOperator.Kubernetes.ListWatch;

/// <summary>
/// The list/watch sources the process uses: raw HTTP with the client's connection and our own JSON context, never the
/// typed client (whose first call loads KubernetesClient's all-models JSON context, ~10 MiB resident).
/// </summary>
internal static class KubernetesListWatchSources
{
    /// <summary>Full Node objects, optionally narrowed server-side by a label selector.</summary>
    public static IListWatchSource<V1Node> Nodes(KubernetesApiEndpoint endpoint, string? labelSelector = null) =>
        ForResource<V1Node>(endpoint, null, labelSelector);

    /// <summary>Running pods in all namespaces, as metadata only (<c>fieldSelector=status.phase=Running</c>).</summary>
    public static IListWatchSource<PartialObjectMetadata> RunningPodMetadata(KubernetesApiEndpoint endpoint) =>
        new HttpListWatchSource<PartialObjectMetadata>(
            endpoint,
            ResourceQuery.Metadata("pods", "api/v1/pods") with { FieldSelector = "status.phase=Running" });

    /// <summary>
    /// Full objects of any kind with a <see cref="KubernetesEntityAttribute"/> (Secrets, Services, APIServices, RBAC,
    /// custom resources) in <paramref name="ns"/> or, when null, in all namespaces / cluster-wide.
    /// </summary>
    public static IListWatchSource<T> ForResource<T>(
        KubernetesApiEndpoint endpoint, string? ns = null, string? labelSelector = null, ResourceScopes? scopes = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var type = ResourceType.Of<T>(scopes);
        return new HttpListWatchSource<T>(endpoint, new ResourceQuery(type.QualifiedName, type.CollectionPath(ns)) { LabelSelector = labelSelector });
    }
}
