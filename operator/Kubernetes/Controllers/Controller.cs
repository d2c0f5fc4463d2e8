using MetricsOperator.Kubernetes.LeaderElection;

namespace MetricsOperator.Kubernetes.Controllers;

/// <summary>
/// Runs an <see cref="IReconciler{TKey}"/> over the keys of a <see cref="WorkQueue{TKey}"/> with N workers. The queue
/// outlives a run: keys added while the controller is stopped (not leading) wait for the next run.
/// </summary>
internal sealed class Controller<TKey> : ILeaderWork
    where TKey : notnull
{
    private readonly ControllerOptions _options;
    private readonly IReconciler<TKey> _reconciler;
    private readonly ControllerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public Controller(
        ControllerOptions options,
        WorkQueue<TKey> queue,
        IReconciler<TKey> reconciler,
        ControllerMetrics metrics,
        ILogger logger,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(reconciler);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid controller options: " + string.Join("; ", errors), nameof(options));
        }

        _options = options;
        Queue = queue;
        _reconciler = reconciler;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        metrics.TrackQueue(options.Name, () => queue.Count);
    }

    public string Name => _options.Name;

    public WorkQueue<TKey> Queue { get; }

    /// <summary>Reconciles until <paramref name="cancellationToken"/> fires or the queue shuts down.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        ControllerLog.Starting(_logger, Name, _options.Workers);
        var workers = new Task[_options.Workers];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => WorkAsync(cancellationToken), CancellationToken.None);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        ControllerLog.Stopped(_logger, Name);
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TKey key;
            try
            {
                (key, var ok) = await Queue.DequeueAsync(cancellationToken).ConfigureAwait(false);
                if (!ok)
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await ProcessAsync(key, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Queue.Done(key);
            }
        }
    }

    private async Task ProcessAsync(TKey key, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        try
        {
            var result = await _reconciler.ReconcileAsync(key, cancellationToken).ConfigureAwait(false);
            Queue.Forget(key);
            if (result.Requeue is { } delay)
            {
                Queue.AddAfter(key, delay);
            }

            var elapsed = _time.GetElapsedTime(started);
            _metrics.Reconciled(Name, result.Requeue is null ? "success" : "requeue", elapsed);
            ControllerLog.Reconciled(_logger, Name, KeyText(key), elapsed, result.Requeue);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped mid-reconcile (leadership lost, shutdown): not a failure; the next run picks the key up again.
            Queue.Add(key);
            ControllerLog.Interrupted(_logger, Name, KeyText(key));
        }
        catch (Exception error)
        {
            Queue.AddRateLimited(key);
            _metrics.Reconciled(Name, "error", _time.GetElapsedTime(started));
            ControllerLog.ReconcileFailed(_logger, Name, KeyText(key), Queue.NumRequeues(key), error);
        }
    }

    private static string KeyText(TKey key) => key.ToString() ?? string.Empty;
}
