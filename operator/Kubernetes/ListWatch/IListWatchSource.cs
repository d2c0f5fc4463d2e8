using k8s;
using k8s.Models;

namespace MetricsOperator.Kubernetes.ListWatch;

/// <summary>
/// The two API calls an informer is built on, for one resource: a (paged) LIST that returns a resourceVersion, and a
/// WATCH that streams changes after a resourceVersion. Implementations surface watch ERROR events as
/// <see cref="WatchEventType.Error"/> events carrying the server's <see cref="V1Status"/>; they never swallow them.
/// </summary>
internal interface IListWatchSource<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Plural resource name for logs and metrics, e.g. <c>nodes</c>.</summary>
    string ResourceName { get; }

    Task<ListPage<T>> ListAsync(ListRequest request, CancellationToken cancellationToken);

    /// <summary>Streams events until the server closes the watch or <paramref name="cancellationToken"/> fires.</summary>
    IAsyncEnumerable<WatchEvent<T>> WatchAsync(WatchRequest request, CancellationToken cancellationToken);
}
