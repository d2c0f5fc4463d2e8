using k8s;
using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Kubernetes.Controllers;
using MetricsOperator.Kubernetes.Informers;

namespace MetricsOperator.Reconciliation;

/// <summary>
/// Informer handlers that enqueue MetricsBackend keys: register <see cref="ForBackends"/> on the MetricsBackend
/// informer and <see cref="ForChildren{T}"/> on each child informer (Secrets, Services, APIServices, ClusterRoles,
/// ClusterRoleBindings), so a drifted or deleted child is reconciled back within the queue's latency.
/// </summary>
internal static class ReconcileTriggers
{
    public static IInformerEventHandler<MetricsBackend> ForBackends(ChildObjectWatchMapper mapper, WorkQueue<string> queue) =>
        new BackendHandler(mapper ?? throw new ArgumentNullException(nameof(mapper)), queue ?? throw new ArgumentNullException(nameof(queue)));

    public static IInformerEventHandler<T> ForChildren<T>(ChildObjectWatchMapper mapper, WorkQueue<string> queue)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        new ChildHandler<T>(mapper ?? throw new ArgumentNullException(nameof(mapper)), queue ?? throw new ArgumentNullException(nameof(queue)));

    private static void AddAll(WorkQueue<string> queue, IReadOnlyList<string> keys)
    {
        foreach (var key in keys)
        {
            queue.Add(key);
        }
    }

    private sealed class BackendHandler(ChildObjectWatchMapper mapper, WorkQueue<string> queue) : IInformerEventHandler<MetricsBackend>
    {
        public void OnAdded(MetricsBackend item) => AddAll(queue, mapper.KeysForBackend(item.Metadata.Name));

        public void OnUpdated(MetricsBackend previous, MetricsBackend current) => AddAll(queue, mapper.KeysForBackendUpdate(previous, current));

        public void OnDeleted(MetricsBackend item) => AddAll(queue, mapper.KeysForBackend(item.Metadata.Name));
    }

    private sealed class ChildHandler<T>(ChildObjectWatchMapper mapper, WorkQueue<string> queue) : IInformerEventHandler<T>
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        public void OnAdded(T item) => AddAll(queue, mapper.KeysForChild(item));

        // The previous state counts too: an edit that removed our ownerReference still concerns the old owner.
        public void OnUpdated(T previous, T current)
        {
            AddAll(queue, mapper.KeysForChild(previous));
            AddAll(queue, mapper.KeysForChild(current));
        }

        public void OnDeleted(T item) => AddAll(queue, mapper.KeysForChild(item));
    }
}
