using System.Runtime.CompilerServices;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using MetricsOperator.Kubernetes.ListWatch;

namespace MetricsOperator.Tests.Kubernetes.Testing;

/// <summary>
/// One watch opened by an informer, driven by the test: push events, errors or exceptions, or close it.
/// <see cref="DrainedAsync"/> returns once the informer has processed everything pushed so far (it asked for the
/// next event), so tests need no sleeps.
/// </summary>
internal sealed class ScriptedWatch<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private readonly Channel<Func<WatchEvent<T>>> _steps = Channel.CreateUnbounded<Func<WatchEvent<T>>>();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _progress = new(0);
    private int _pushed;
    private int _consumed;

    public ScriptedWatch(WatchRequest request, DateTimeOffset openedAt) => (Request, OpenedAt) = (request, openedAt);

    public WatchRequest Request { get; }

    /// <summary>The (fake) time at which the informer opened this watch.</summary>
    public DateTimeOffset OpenedAt { get; }

    /// <summary>Completes when the informer stopped reading this watch (ended, failed, abandoned or cancelled).</summary>
    public Task Ended => _ended.Task;

    public void Added(T item) => Push(WatchEvent<T>.Of(WatchEventType.Added, item));

    public void Modified(T item) => Push(WatchEvent<T>.Of(WatchEventType.Modified, item));

    public void Deleted(T item) => Push(WatchEvent<T>.Of(WatchEventType.Deleted, item));

    public void Bookmark(T marker) => Push(WatchEvent<T>.Of(WatchEventType.Bookmark, marker));

    public void Error(V1Status status) => Push(WatchEvent<T>.Failure(status));

    public void Fail(Exception error)
    {
        Interlocked.Increment(ref _pushed);
        _steps.Writer.TryWrite(() => throw error);
    }

    public void Close() => _steps.Writer.TryComplete();

    public async Task DrainedAsync()
    {
        while (Volatile.Read(ref _consumed) < Volatile.Read(ref _pushed))
        {
            if (!await _progress.WaitAsync(Guard).ConfigureAwait(false))
            {
                throw new TimeoutException($"the informer processed {_consumed} of {_pushed} pushed watch events");
            }
        }
    }

    public async IAsyncEnumerable<WatchEvent<T>> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var step in _steps.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return step();

                // Resumed only when the informer asks for the next event, i.e. it has applied this one.
                Interlocked.Increment(ref _consumed);
                _progress.Release();
            }
        }
        finally
        {
            _ended.TrySetResult();
        }
    }

    private void Push(WatchEvent<T> watchEvent)
    {
        Interlocked.Increment(ref _pushed);
        _steps.Writer.TryWrite(() => watchEvent);
    }
}
