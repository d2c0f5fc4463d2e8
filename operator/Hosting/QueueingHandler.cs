using k8s;
using k8s.Models;
using MetricsOperator.Kubernetes.Controllers;
using MetricsOperator.Kubernetes.Informers;

namespace MetricsOperator.Hosting;

/// <summary>
/// Turns an informer's changes into work-queue keys. On an update both versions count, so a child whose
/// ownerReference was removed still brings its former owner back to put it right.
/// </summary>
internal sealed class QueueingHandler<T>(WorkQueue<string> queue, Func<T, IReadOnlyList<string>> keysFor) : IInformerEventHandler<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public void OnAdded(T item) => Enqueue(item);

    public void OnUpdated(T previous, T current)
    {
        Enqueue(previous);
        Enqueue(current);
    }

    public void OnDeleted(T item) => Enqueue(item);

    private void Enqueue(T item)
    {
        foreach (var key in keysFor(item))
        {
            queue.Add(key);
        }
    }
}
