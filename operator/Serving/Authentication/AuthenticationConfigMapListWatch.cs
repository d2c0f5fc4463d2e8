using k8s.Models;
using MetricsOperator.Kubernetes.ListWatch;

namespace MetricsOperator.Serving.Authentication;

/// <summary>List and watch of a single ConfigMap (narrowed server-side by <c>metadata.name</c>), for an informer.</summary>
internal static class AuthenticationConfigMapListWatch
{
    public static IListWatchSource<V1ConfigMap> For(KubernetesApiEndpoint endpoint, string namespaceName, string name)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrEmpty(namespaceName);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var type = ResourceType.Of<V1ConfigMap>();
        return new HttpListWatchSource<V1ConfigMap>(
            endpoint,
            new ResourceQuery(type.QualifiedName, type.CollectionPath(namespaceName)) { FieldSelector = "metadata.name=" + name });
    }
}
