using k8s;
using k8s.Exceptions;

namespace MetricsOperator.Hosting;

/// <summary>Loads the API server connection from <c>--kubeconfig</c> or, without it, from the in-cluster service account.</summary>
internal static class KubernetesConfigurationLoader
{
    /// <summary>The configuration, or a message naming why it could not be loaded.</summary>
    public static KubernetesClientConfiguration Load(string? kubeconfigPath, out bool inCluster)
    {
        inCluster = kubeconfigPath is null;
        try
        {
            if (kubeconfigPath is not null)
            {
                return KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath);
            }

            if (!KubernetesClientConfiguration.IsInCluster())
            {
                throw new KubernetesConfigurationException(
                    "not running in a cluster (KUBERNETES_SERVICE_HOST/PORT or the service account token are missing) and no --kubeconfig was given");
            }

            return KubernetesClientConfiguration.InClusterConfig();
        }
        catch (Exception ex) when (ex is KubeConfigException or KubernetesConfigurationException or IOException or UnauthorizedAccessException or FormatException)
        {
            var source = kubeconfigPath is null ? "in-cluster configuration" : $"kubeconfig \"{kubeconfigPath}\"";
            throw new KubernetesConfigurationException($"cannot load the {source}: {ex.Message}", ex);
        }
    }
}
