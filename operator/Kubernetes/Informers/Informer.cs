using k8s;
using k8s.Models;
using MetricsOperator.Kubernetes.ListWatch;

namespace MetricsOperator.Kubernetes.Informers;

/// <summary>
/// Keeps an <see cref="IInformerStore{T}"/> in step with the API server: a paged LIST replaces the store, then a
/// WATCH from the list's resourceVersion applies changes. The resourceVersion advances with every event and
/// bookmark, so a reconnect resumes where it left off; 410 Gone relists (the store reports deletions found that
/// way); a silent watch is restarted by a watchdog; failures reconnect with capped, jittered exponential backoff.
/// Watch ERROR events are logged, counted and raised through <see cref="WatchErrorReceived"/>.
/// </summary>
internal sealed class Informer<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IListWatchSource<T> _source;
    private readonly IInformerStore<T> _store;
    private readonly InformerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly InformerMetrics? _metrics;
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _resourceVersion = string.Empty;
    private long _watchErrorCount;
    private int _started;

    public Informer(
        IListWatchSource<T> source,
        IInformerStore<T> store,
        InformerOptions options,
        TimeProvider timeProvider,
        ILogger logger,
        InformerMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"invalid options for the {source.ResourceName} informer: {string.Join("; ", problems)}", nameof(options));
        }

        (_source, _store, _options, _timeProvider, _logger, _metrics) = (source, store, options, timeProvider, logger, metrics);
    }

    /// <summary>Raised (on the informer's loop) for every watch ERROR event, 410 Gone included.</summary>
    public event Action<V1Status>? WatchErrorReceived;

    private enum WatchOutcome
    {
        Resume,
        Relist,
        Failed,
    }

    public string ResourceName => _source.ResourceName;

    /// <summary>Applied to every listed or watched object before it is stored, e.g. to drop fields never read.</summary>
    public Func<T, T>? Transform { get; init; }

    /// <summary>Source of backoff jitter (seed it for reproducible tests).</summary>
    public Random Random { get; init; } = Random.Shared;

    /// <summary>True once the first LIST has been stored.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The resourceVersion the next watch resumes from.</summary>
    public string ResourceVersion => Volatile.Read(ref _resourceVersion);

    public long WatchErrorCount => Interlocked.Read(ref _watchErrorCount);

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>Runs until <paramref name="cancellationToken"/> fires, then returns normally.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException($"the {ResourceName} informer has already been started");
        }

        InformerLog.Starting(_logger, ResourceName);
        var backoff = new ReconnectBackoff(_options.InitialBackoff, _options.MaxBackoff, _options.BackoffJitter, Random);
        try
        {
            var mustList = true;
            while (true)
            {
                var delay = TimeSpan.Zero;
                if (mustList)
                {
                    try
                    {
                        await ListAndStoreAsync(cancellationToken).ConfigureAwait(false);
                        mustList = false;
                    }
                    catch (Exception error) when (!cancellationToken.IsCancellationRequested)
                    {
                        delay = backoff.Next();
                        InformerLog.ListFailed(_logger, ResourceName, delay, error);
                    }
                }
                else
                {
                    (mustList, delay) = await WatchAsync(backoff, cancellationToken).ConfigureAwait(false) switch
                    {
                        WatchOutcome.Relist => (true, backoff.NextAfterExpiry()),
                        WatchOutcome.Failed => (false, backoff.Next()),
                        _ => (false, TimeSpan.Zero),
                    };
                }

                if (delay > TimeSpan.Zero)
                {
                    InformerLog.Retrying(_logger, ResourceName, delay);
                    await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            InformerLog.Stopped(_logger, ResourceName);
        }
    }

    private async Task ListAndStoreAsync(CancellationToken cancellationToken)
    {
        var items = new List<T>();
        int? limit = _options.PageSize;
        string? continueToken = null;
        while (true)
        {
            ListPage<T> page;
            using var timeout = new CancellationTokenSource(_options.ListTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                page = await _source.ListAsync(new ListRequest(limit, continueToken), linked.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (continueToken is not null && WatchStatuses.IsGone(error) && !cancellationToken.IsCancellationRequested)
            {
                // The paged snapshot was compacted away mid-list; one unpaged request cannot expire that way.
                InformerLog.ContinueExpired(_logger, ResourceName);
                (items, limit, continueToken) = ([], null, null);
                continue;
            }
            catch (OperationCanceledException error) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"listing {ResourceName} took longer than {_options.ListTimeout}", error);
            }

            foreach (var item in page.Items)
            {
                if (Prepare(item, "list") is { } prepared)
                {
                    items.Add(prepared);
                }
            }

            if (string.IsNullOrEmpty(page.Continue))
            {
                _store.Replace(items);
                Volatile.Write(ref _resourceVersion, page.ResourceVersion ?? string.Empty);
                _metrics?.Listed(ResourceName);
                InformerLog.Listed(_logger, items.Count, ResourceName, ResourceVersion);
                if (_synced.TrySetResult())
                {
                    InformerLog.Synced(_logger, ResourceName);
                }

                return;
            }

            continueToken = page.Continue;
        }
    }

    private async Task<WatchOutcome> WatchAsync(ReconnectBackoff backoff, CancellationToken cancellationToken)
    {
        // Spread over [min, 2·min) so that many informers do not reconnect in step.
        var request = new WatchRequest(ResourceVersion, _options.MinWatchTimeout * (1 + Random.NextDouble()));
        var started = _timeProvider.GetTimestamp();
        var applied = 0;
        using var watchdog = new WatchWatchdog(_timeProvider, _options.WatchdogPeriod, cancellationToken);
        try
        {
            await foreach (var watchEvent in _source.WatchAsync(request, watchdog.Token).ConfigureAwait(false))
            {
                watchdog.Feed();
                if (watchEvent.Type == WatchEventType.Error)
                {
                    return OnErrorEvent(request.ResourceVersion, watchEvent.Status);
                }

                if (applied++ == 0)
                {
                    backoff.Reset();
                }

                Apply(watchEvent);
            }
        }
        catch (Exception) when (watchdog.Expired && !cancellationToken.IsCancellationRequested)
        {
            InformerLog.WatchdogExpired(_logger, ResourceName, _options.WatchdogPeriod, ResourceVersion);
            _metrics?.WatchRestarted(ResourceName, "watchdog");
            return WatchOutcome.Resume;
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            if (WatchStatuses.IsGone(error))
            {
                InformerLog.WatchExpired(_logger, ResourceName, request.ResourceVersion, error.Message);
                _metrics?.WatchRestarted(ResourceName, "expired");
                return WatchOutcome.Relist;
            }

            InformerLog.WatchFailed(_logger, ResourceName, request.ResourceVersion, error);
            _metrics?.WatchRestarted(ResourceName, "error");
            return WatchOutcome.Failed;
        }

        var lasted = _timeProvider.GetElapsedTime(started);
        if (applied == 0 && lasted < _options.MinimumWatchDuration)
        {
            InformerLog.WatchClosedEarly(_logger, ResourceName, lasted);
            _metrics?.WatchRestarted(ResourceName, "error");
            return WatchOutcome.Failed;
        }

        backoff.Reset();
        InformerLog.WatchClosed(_logger, ResourceName, applied, ResourceVersion);
        _metrics?.WatchRestarted(ResourceName, "closed");
        return WatchOutcome.Resume;
    }

    private WatchOutcome OnErrorEvent(string resourceVersion, V1Status? status)
    {
        status ??= WatchStatuses.Malformed("watch ERROR event without a status object");
        Interlocked.Increment(ref _watchErrorCount);
        _metrics?.WatchError(ResourceName, status.Code);
        var gone = WatchStatuses.IsGone(status);
        if (gone)
        {
            InformerLog.WatchExpired(_logger, ResourceName, resourceVersion, WatchStatuses.Describe(status));
        }
        else
        {
            InformerLog.WatchErrorEvent(_logger, ResourceName, resourceVersion, WatchStatuses.Describe(status));
        }

        try
        {
            WatchErrorReceived?.Invoke(status);
        }
        catch (Exception error)
        {
            InformerLog.WatchErrorSubscriberFailed(_logger, ResourceName, error);
        }

        // An undecodable event is lost for good: only a relist brings the store back in step.
        var relist = gone || WatchStatuses.IsMalformed(status);
        _metrics?.WatchRestarted(ResourceName, relist ? "expired" : "error");
        return relist ? WatchOutcome.Relist : WatchOutcome.Failed;
    }

    private void Apply(WatchEvent<T> watchEvent)
    {
        switch (watchEvent.Type)
        {
            case WatchEventType.Added or WatchEventType.Modified when Prepare(watchEvent.Object, "watch event") is { } item:
                _store.Upsert(item);
                break;
            case WatchEventType.Deleted when Prepare(watchEvent.Object, "watch event") is { } item:
                _store.Remove(item);
                break;
        }

        _metrics?.EventApplied(ResourceName, watchEvent.Type);
        if (!string.IsNullOrEmpty(watchEvent.ResourceVersion))
        {
            Volatile.Write(ref _resourceVersion, watchEvent.ResourceVersion);
        }
    }

    private T? Prepare(T? item, string origin)
    {
        if (!ObjectKey.TryOf(item, out _))
        {
            InformerLog.SkippedNameless(_logger, ResourceName, origin);
            return null;
        }

        return Transform is null ? item : Transform(item);
    }
}
