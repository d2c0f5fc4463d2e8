using k8s;
using k8s.Models;
using MetricsOperator.Kubernetes.Informers;

namespace MetricsOperator.Hosting;

/// <summary>
/// An informer on one kind of the reconciler's children, with its own cache: kept apart from the process's other
/// informers of the same kind (the serving Secret by name), which watch different selections.
/// </summary>
internal sealed class ChildInformer<T>(InformerCache<T> cache, Informer<T> informer) : BackgroundService
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public InformerCache<T> Cache => cache;

    public Informer<T> Informer => informer;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => informer.RunAsync(stoppingToken);
}
