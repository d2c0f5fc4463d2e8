using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;

namespace MetricsOperator.Kubernetes.ListWatch;

/// <summary>
/// A source over the typed client's operations, given as delegates (e.g. <c>CoreV1.ListNodeAsync</c> and
/// <c>CoreV1.WatchListNodeAsync</c>), so any typed or custom resource can be added without a new class.
/// The client hands watch ERROR events only to its <c>onError</c> callback; this source turns them back into
/// <see cref="WatchEventType.Error"/> events and ends the stream, so none is lost.
/// </summary>
internal sealed class DelegatingListWatchSource<T> : IListWatchSource<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ListFunction _list;
    private readonly WatchFunction _watch;

    public DelegatingListWatchSource(string resourceName, ListFunction list, WatchFunction watch)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceName);
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(watch);
        ResourceName = resourceName;
        _list = list;
        _watch = watch;
    }

    public delegate Task<ListPage<T>> ListFunction(ListRequest request, CancellationToken cancellationToken);

    public delegate IAsyncEnumerable<(WatchEventType Type, T Object)> WatchFunction(
        WatchRequest request, Action<Exception> onError, CancellationToken cancellationToken);

    public string ResourceName { get; }

    public Task<ListPage<T>> ListAsync(ListRequest request, CancellationToken cancellationToken) => _list(request, cancellationToken);

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(WatchRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var errors = new ConcurrentQueue<Exception>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // The client keeps reading after calling onError; stopping it there surfaces the error without waiting
        // for the server to close the stream.
        var enumerator = _watch(request, error => { errors.Enqueue(error); stop.Cancel(); }, stop.Token).GetAsyncEnumerator(stop.Token);
        try
        {
            while (true)
            {
                bool moved;
                try
                {
                    moved = await enumerator.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception) when (!errors.IsEmpty && !cancellationToken.IsCancellationRequested)
                {
                    moved = false;
                }

                while (errors.TryDequeue(out var error))
                {
                    yield return WatchEvent<T>.Failure(WatchStatuses.FromClientError(error));
                }

                if (!moved)
                {
                    yield break;
                }

                var (type, item) = enumerator.Current;
                yield return type == WatchEventType.Error || item is null
                    ? WatchEvent<T>.Failure(WatchStatuses.Malformed($"watch {type} event without a decodable object"))
                    : WatchEvent<T>.Of(type, item);
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }
}
