namespace MetricsOperator.Kubernetes.Informers;

/// <summary>
/// Cancels a watch that has been silent for a whole period: a half-open connection otherwise leaves an informer
/// waiting forever with a stale cache. <see cref="Feed"/> on every event restarts the period.
/// </summary>
internal sealed class WatchWatchdog : IDisposable
{
    private readonly CancellationTokenSource _silence;
    private readonly CancellationTokenSource _watch;
    private readonly TimeSpan _period;

    public WatchWatchdog(TimeProvider timeProvider, TimeSpan period, CancellationToken stopping)
    {
        _period = period;
        _silence = new CancellationTokenSource(period, timeProvider);
        _watch = CancellationTokenSource.CreateLinkedTokenSource(stopping, _silence.Token);
    }

    /// <summary>Cancelled when the informer stops or the watch has been silent for the period.</summary>
    public CancellationToken Token => _watch.Token;

    public bool Expired => _silence.IsCancellationRequested;

    public void Feed() => _silence.CancelAfter(_period);

    public void Dispose()
    {
        _watch.Dispose();
        _silence.Dispose();
    }
}
