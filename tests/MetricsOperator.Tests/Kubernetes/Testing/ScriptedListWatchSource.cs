using System.Collections.Concurrent;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using MetricsOperator.Kubernetes.ListWatch;

namespace MetricsOperator.Tests.Kubernetes.Testing;

/// <summary>
/// A list/watch source whose LIST answers are queued up front and whose watches are handed to the test as
/// <see cref="ScriptedWatch{T}"/>s to drive. Every request is recorded.
/// </summary>
internal sealed class ScriptedListWatchSource<T> : IListWatchSource<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private readonly ConcurrentQueue<Func<CancellationToken, Task<ListPage<T>>>> _listAnswers = new();
    private readonly Channel<ListRequest> _lists = Channel.CreateUnbounded<ListRequest>();
    private readonly Channel<ScriptedWatch<T>> _watches = Channel.CreateUnbounded<ScriptedWatch<T>>();
    private readonly ConcurrentQueue<ListRequest> _listRequests = new();
    private readonly TimeProvider _timeProvider;
    private int _watchCount;

    public ScriptedListWatchSource(TimeProvider timeProvider) => _timeProvider = timeProvider;

    public string ResourceName => "configmaps";

    public IReadOnlyCollection<ListRequest> ListRequests => _listRequests;

    public int WatchCount => Volatile.Read(ref _watchCount);

    public void EnqueueList(string resourceVersion, params T[] items) =>
        _listAnswers.Enqueue(_ => Task.FromResult(new ListPage<T>(items, resourceVersion, null)));

    public void EnqueuePage(string resourceVersion, string? continueToken, params T[] items) =>
        _listAnswers.Enqueue(_ => Task.FromResult(new ListPage<T>(items, resourceVersion, continueToken)));

    public void EnqueueListFailure(Exception error) => _listAnswers.Enqueue(_ => Task.FromException<ListPage<T>>(error));

    /// <summary>A LIST that never answers; it ends only when the caller cancels it.</summary>
    public void EnqueueHangingList() =>
        _listAnswers.Enqueue(async cancellationToken =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        });

    public async Task<ListRequest> NextListAsync() => await _lists.Reader.ReadAsync().AsTask().WaitAsync(Guard).ConfigureAwait(false);

    public async Task<ScriptedWatch<T>> NextWatchAsync() => await _watches.Reader.ReadAsync().AsTask().WaitAsync(Guard).ConfigureAwait(false);

    /// <summary>True when a watch was opened that the test has not taken with <see cref="NextWatchAsync"/>.</summary>
    public bool HasPendingWatch => _watches.Reader.Count > 0;

    public Task<ListPage<T>> ListAsync(ListRequest request, CancellationToken cancellationToken)
    {
        _listRequests.Enqueue(request);
        _lists.Writer.TryWrite(request);
        if (!_listAnswers.TryDequeue(out var answer))
        {
            throw new InvalidOperationException("the test scripted no answer for this LIST");
        }

        return answer(cancellationToken);
    }

    public IAsyncEnumerable<WatchEvent<T>> WatchAsync(WatchRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _watchCount);
        var watch = new ScriptedWatch<T>(request, _timeProvider.GetUtcNow());
        _watches.Writer.TryWrite(watch);
        return watch.ReadAsync(cancellationToken);
    }
}
