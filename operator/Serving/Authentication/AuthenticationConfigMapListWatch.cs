using k8s;
using k8s.Models;
using MetricsOperator.Kubernetes.ListWatch;

namespace MetricsOperator.Serving.Authentication;

/// <summary>List and watch of a single ConfigMap (narrowed server-side by <c>metadata.name</c>), for an informer.</summary>
internal static class AuthenticationConfigMapListWatch
{
    public static IListWatchSource<V1ConfigMap> For(IKubernetes client, string namespaceName, string name)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(namespaceName);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var fieldSelector = "metadata.name=" + name;
        return new DelegatingListWatchSource<V1ConfigMap>(
            "configmaps",
            async (request, cancellationToken) => ListPage<V1ConfigMap>.From(await client.CoreV1.ListNamespacedConfigMapAsync(
                namespaceName,
                continueParameter: request.Continue,
                fieldSelector: fieldSelector,
                limit: request.Limit,
                cancellationToken: cancellationToken).ConfigureAwait(false)),
            (request, onError, cancellationToken) => client.CoreV1.WatchListNamespacedConfigMapAsync(
                namespaceName,
                allowWatchBookmarks: request.AllowBookmarks,
                fieldSelector: fieldSelector,
                resourceVersion: string.IsNullOrEmpty(request.ResourceVersion) ? null : request.ResourceVersion,
                timeoutSeconds: request.TimeoutSeconds,
                onError: onError,
                cancellationToken: cancellationToken));
    }
}
