using k8s;
using k8s.Models;

namespace MetricsOperator.Kubernetes.ListWatch;

/// <summary>The list/watch sources the process uses, built on the Kubernetes client.</summary>
internal static class KubernetesListWatchSources
{
    /// <summary>Full Node objects (typed CoreV1 list and watch), optionally narrowed server-side by a label selector.</summary>
    public static IListWatchSource<V1Node> Nodes(IKubernetes client, string? labelSelector = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new DelegatingListWatchSource<V1Node>(
            "nodes",
            async (request, cancellationToken) => ListPage<V1Node>.From(await client.CoreV1.ListNodeAsync(
                continueParameter: request.Continue,
                labelSelector: labelSelector,
                limit: request.Limit,
                cancellationToken: cancellationToken).ConfigureAwait(false)),
            (request, onError, cancellationToken) => client.CoreV1.WatchListNodeAsync(
                allowWatchBookmarks: request.AllowBookmarks,
                labelSelector: labelSelector,
                resourceVersion: string.IsNullOrEmpty(request.ResourceVersion) ? null : request.ResourceVersion,
                timeoutSeconds: request.TimeoutSeconds,
                onError: onError,
                cancellationToken: cancellationToken));
    }

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
