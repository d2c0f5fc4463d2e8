using k8s;
using MetricsOperator.Kubernetes.Apply;
using MetricsOperator.Kubernetes.ListWatch;

namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// How authentication and authorization reach the API server: raw REST over the typed client's connection and
/// credentials, never its API groups, whose first use loads KubernetesClient's JSON context for every model (~10 MiB).
/// </summary>
internal static class KubernetesApiAccess
{
    /// <summary>
    /// The resource client the process already registered (the controller machinery's), or else one over the
    /// registered <see cref="IKubernetes"/>'s connection; reviews are built-in kinds, so either knows their scope.
    /// </summary>
    public static IKubernetesResourceClient ResourceClient(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetService<IKubernetesResourceClient>() ?? new KubernetesResourceClient(Endpoint(services));
    }

    /// <summary>Raw requests with the registered <see cref="IKubernetes"/>'s HttpClient (TLS, client certificate) and token.</summary>
    public static KubernetesApiEndpoint Endpoint(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var client = services.GetRequiredService<IKubernetes>() as k8s.Kubernetes
            ?? throw new InvalidOperationException("the registered IKubernetes must be a k8s.Kubernetes: its connection and credentials are shared for raw API requests");
        return KubernetesApiEndpoint.FromClient(client);
    }
}
