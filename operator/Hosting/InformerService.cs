using k8s;
using k8s.Models;
using MetricsOperator.Kubernetes.Informers;

namespace MetricsOperator.Hosting;

/// <summary>Runs one informer for the life of the process.</summary>
internal sealed class InformerService<T>(Informer<T> informer) : BackgroundService
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public Informer<T> Informer => informer;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => informer.RunAsync(stoppingToken);
}
