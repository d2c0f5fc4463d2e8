using k8s.Models;
using MetricsOperator.Kubernetes.Informers;
using MetricsOperator.Kubernetes.ListWatch;

namespace MetricsOperator.Serving.Authentication;

/// <summary>Runs the informer that keeps <see cref="ConfigMapAuthenticationConfigSource"/> in step with the ConfigMap.</summary>
internal sealed class AuthenticationConfigMapInformer : BackgroundService
{
    private readonly Informer<V1ConfigMap> _informer;

    public AuthenticationConfigMapInformer(
        KubernetesApiEndpoint endpoint,
        ConfigMapAuthenticationConfigSource store,
        KubernetesAuthenticationOptions options,
        TimeProvider timeProvider,
        ILogger<AuthenticationConfigMapInformer> logger,
        InformerMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _informer = new Informer<V1ConfigMap>(
            AuthenticationConfigMapListWatch.For(endpoint, options.ConfigMapNamespace, options.ConfigMapName),
            store,
            new InformerOptions(),
            timeProvider,
            logger,
            metrics);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _informer.RunAsync(stoppingToken);
}
