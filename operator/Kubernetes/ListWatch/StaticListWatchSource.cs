using System.Globalization;
using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;

namespace MetricsOperator.Kubernetes.ListWatch;

/// <summary>
/// A fixed collection served as if by an API server that never changes: paged LISTs honour limit/continue, and a
/// WATCH sends a BOOKMARK every <see cref="BookmarkInterval"/> (as the API server does) until it times out or is
/// cancelled. For running without a cluster and for tests.
/// </summary>
internal sealed class StaticListWatchSource<T> : IListWatchSource<T>
    where T : class, IKubernetesObject<V1ObjectMeta>, new()
{
    private readonly T[] _items;
    private readonly string _resourceVersion;
    private readonly TimeProvider _timeProvider;

    public StaticListWatchSource(string resourceName, IEnumerable<T> items, TimeProvider timeProvider, string resourceVersion = "1")
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceName);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ResourceName = resourceName;
        _items = [.. items];
        _timeProvider = timeProvider;
        _resourceVersion = resourceVersion;
    }

    public string ResourceName { get; }

    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromMinutes(1);

    public Task<ListPage<T>> ListAsync(ListRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var start = 0;
        if (!string.IsNullOrEmpty(request.Continue)
            && !int.TryParse(request.Continue, NumberStyles.None, CultureInfo.InvariantCulture, out start))
        {
            throw new ArgumentException($"continue token \"{request.Continue}\" was not issued by this source", nameof(request));
        }

        var count = Math.Min(request.Limit ?? int.MaxValue, _items.Length - start);
        var end = start + Math.Max(0, count);
        var next = end < _items.Length ? end.ToString(CultureInfo.InvariantCulture) : null;
        return Task.FromResult(new ListPage<T>(_items[start..end], _resourceVersion, next));
    }

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(WatchRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Whole seconds, as the API server's timeoutSeconds; timers also resolve only to milliseconds.
        var deadline = _timeProvider.GetUtcNow() + TimeSpan.FromSeconds(request.TimeoutSeconds);
        while (true)
        {
            var remaining = deadline - _timeProvider.GetUtcNow();
            if (remaining < TimeSpan.FromMilliseconds(1))
            {
                yield break;
            }

            await Task.Delay(remaining < BookmarkInterval ? remaining : BookmarkInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
            if (request.AllowBookmarks && _timeProvider.GetUtcNow() < deadline)
            {
                yield return WatchEvent<T>.Of(WatchEventType.Bookmark, new T { Metadata = new V1ObjectMeta { ResourceVersion = _resourceVersion } });
            }
        }
    }
}
