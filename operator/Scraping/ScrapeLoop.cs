using k8s.Models;

namespace MetricsOperator.Scraping;

/// <summary>
/// Runs a scrape round at start and then once per resolution. Rounds never overlap: the timer coalesces missed
/// ticks, so a round that overruns is followed directly by the next. Each round lists the nodes, resolves their
/// kubelets, scrapes them within a budget of one resolution and forgets nodes that are no longer listed.
/// </summary>
internal sealed partial class ScrapeLoop : BackgroundService
{
    private readonly NativeHeapTrimmer _trimmer = new();
    private readonly ConnectRoundHeapCompactor _compactor = new();
    private readonly ScrapeSettingsSource _settings;
    private readonly INodeSource _nodes;
    private readonly KubeletClient _client;
    private readonly ScrapeRound _round;
    private readonly ScrapeOutcomeRecorder _recorder;
    private readonly NodeScrapeStates _states;
    private readonly ScraperMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<ScrapeLoop> _logger;
    private readonly KubeletTargetCache _targetCache = new();
    private readonly NodeSelectorFilter _selector = new();
    private readonly HashSet<string> _listed = new(StringComparer.Ordinal);
    private KubeletTarget[] _targets = [];
    private CancellationTokenSource _wake = new();
    private volatile bool _idle;

    public ScrapeLoop(
        ScrapeSettingsSource settings,
        INodeSource nodes,
        KubeletClient client,
        ScrapeRound round,
        ScrapeOutcomeRecorder recorder,
        NodeScrapeStates states,
        ScraperMetrics metrics,
        TimeProvider time,
        ILogger<ScrapeLoop> logger)
    {
        _settings = settings;
        _nodes = nodes;
        _client = client;
        _round = round;
        _recorder = recorder;
        _states = states;
        _metrics = metrics;
        _time = time;
        _logger = logger;

        // Scraping that was disabled starts at once when enabled, not a resolution later.
        settings.Changed += _ =>
        {
            if (_idle)
            {
                Volatile.Read(ref _wake).Cancel();
            }
        };
    }

    /// <summary>Runs rounds until <paramref name="stoppingToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_settings.Current.Resolution, _time);
        try
        {
            do
            {
                // A changed resolution takes effect from this tick on.
                var resolution = _settings.Current.Resolution;
                if (timer.Period != resolution)
                {
                    timer.Period = resolution;
                }

                try
                {
                    await RunRoundAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A bug in one round must not end scraping for good.
                    LogRoundFailed(e);
                }
            }
            while (await WaitForNextRoundAsync(timer, stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One round with the current settings; none while scraping is disabled.</summary>
    public async Task<ScrapeRoundResult> RunRoundAsync(CancellationToken stoppingToken)
    {
        _idle = !_settings.IsEnabled;
        if (_idle)
        {
            // Nothing to scrape for: forget what the last rounds learnt, so nothing stale is reported later.
            _listed.Clear();
            _states.RemoveAllExcept(_listed);
            _targetCache.RemoveAllExcept(_listed);
            return new ScrapeRoundResult(0, 0, TimeSpan.Zero);
        }

        var settings = _settings.Current;
        var started = _time.GetTimestamp();
        _metrics.RecordRoundStarted(_time.GetUtcNow());
        if (_client.Configure(settings))
        {
            _compactor.TransportRebuilt();
            if (_client.TransportGeneration > 1)
            {
                LogTransportRebuilt(_client.TransportGeneration);
            }
        }

        var listed = TryListNodes(out var nodes);
        var (count, unresolved, selected) = CollectTargets(nodes, settings);
        var scraped = await _round.RunAsync(_targets, count, settings, settings.Resolution, stoppingToken).ConfigureAwait(false);
        Array.Clear(_targets, 0, count);
        CompactAfterConnectRound(scraped.Scraped);

        // The connections are idle until the next round and OpenSSL has just freed their buffers: return the pages.
        _ = _trimmer.Trim();

        // After a listing error nobody left: keep what we know about the nodes until the next good listing.
        if (listed && selected)
        {
            // A node deselected (or gone) must stop being served now, not linger with its last data.
            _states.RemoveAllExcept(_listed, _recorder.Forget);
            _targetCache.RemoveAllExcept(_listed);
        }

        var result = new ScrapeRoundResult(scraped.Scraped, scraped.Failed + unresolved, _time.GetElapsedTime(started));
        _metrics.RecordRound(result.Duration, result.Scraped, result.Failed);
        LogRoundCompleted(result.Scraped, result.Failed, result.Duration.TotalMilliseconds);
        return result;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);

    private void CompactAfterConnectRound(int scraped)
    {
        var started = _time.GetTimestamp();
        if (_compactor.AfterRound(scraped, out var before, out var after))
        {
            LogHeapCompacted(before >> 20, after >> 20, _time.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>The next tick, or sooner when idle scraping was enabled; false once the timer is disposed.</summary>
    private async ValueTask<bool> WaitForNextRoundAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        var wake = Volatile.Read(ref _wake);
        if (wake.IsCancellationRequested)
        {
            // The used one is not disposed: the Changed handler may still be cancelling it; it holds no timer.
            wake = new CancellationTokenSource();
            Volatile.Write(ref _wake, wake);
        }

        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, wake.Token);
        try
        {
            return await timer.WaitForNextTickAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return true;
        }
    }

    private bool TryListNodes(out IReadOnlyCollection<V1Node> nodes)
    {
        try
        {
            nodes = _nodes.ListNodes();
            return true;
        }
        catch (Exception e)
        {
            LogListingFailed(e);
            nodes = [];
            return false;
        }
    }

    private (int Count, int Unresolved, bool Selected) CollectTargets(IReadOnlyCollection<V1Node> nodes, ScrapeSettings settings)
    {
        _listed.Clear();
        if (_targets.Length < nodes.Count)
        {
            _targets = new KubeletTarget[nodes.Count];
        }

        if (!_selector.TryGet(settings, out var selector, out var selectorError))
        {
            // Settings validation refuses such selectors; if one gets through, scraping everything would ignore it.
            LogInvalidSelector(settings.NodeSelector, selectorError);
            return (0, 0, false);
        }

        var count = 0;
        var unresolved = 0;
        foreach (var node in nodes)
        {
            var name = node?.Metadata?.Name;
            if (string.IsNullOrEmpty(name))
            {
                LogUnnamedNode();
                continue;
            }

            if (!NodeSelectorFilter.Matches(selector!, node!))
            {
                continue;
            }

            if (!_listed.Add(name))
            {
                LogDuplicateNode(name);
                continue;
            }

            if (_targetCache.TryResolve(node!, settings, out var target, out var error))
            {
                _targets[count++] = target!;
                continue;
            }

            _recorder.Failed(
                name, KubeletAddressResolver.IsReady(node!), new ScrapeFailure(ScrapeFailureKind.NoAddress, error), _time.GetUtcNow(), TimeSpan.Zero, attempted: false);
            unresolved++;
        }

        return (count, unresolved, true);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Listing nodes failed; this round scrapes no node")]
    private partial void LogListingFailed(Exception exception);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Scrape round finished: {Scraped} nodes scraped, {Failed} failed, in {DurationMs} ms")]
    private partial void LogRoundCompleted(int scraped, int failed, double durationMs);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Scrape round failed unexpectedly; the next round runs as scheduled")]
    private partial void LogRoundFailed(Exception exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Kubelet transport settings changed; rebuilt the kubelet transport (generation {Generation})")]
    private partial void LogTransportRebuilt(int generation);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Debug, Message = "Compacted the managed heap after the connect round: {BeforeMiB} MiB -> {AfterMiB} MiB in {DurationMs} ms")]
    private partial void LogHeapCompacted(long beforeMiB, long afterMiB, double durationMs);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Skipped a node without a name")]
    private partial void LogUnnamedNode();

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "Node selector \"{Selector}\" is invalid ({Error}); this round scrapes no node")]
    private partial void LogInvalidSelector(string selector, string error);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Node {Node} is listed twice; scraping it once")]
    private partial void LogDuplicateNode(string node);
}
