namespace MetricsOperator.Scraping;

/// <summary>
/// Scrapes a set of kubelets within a budget: at most <see cref="ScrapeSettings.MaxConcurrency"/> requests in
/// flight, start times spread over a short window (new connections do a TLS handshake, the costly part), and a
/// per-node timeout inside the round deadline, so a slow kubelet costs one worker slot and never delays the rest.
/// </summary>
internal sealed class ScrapeRound : IDisposable
{
    /// <summary>Start times are spread over up to 8 ms per node, at most this long.</summary>
    public static readonly TimeSpan DefaultMaxStagger = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan StaggerPerNode = TimeSpan.FromMilliseconds(8);
    private static readonly TimeSpan ShortestWait = TimeSpan.FromMilliseconds(1);

    private readonly KubeletClient _client;
    private readonly Func<IPayloadDecoder> _createDecoder;
    private readonly ScrapeOutcomeRecorder _recorder;
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxStagger;
    private readonly List<ScrapeWorker> _workers = [];

    public ScrapeRound(KubeletClient client, Func<IPayloadDecoder> createDecoder, ScrapeOutcomeRecorder recorder, TimeProvider time)
        : this(client, createDecoder, recorder, time, DefaultMaxStagger)
    {
    }

    public ScrapeRound(KubeletClient client, Func<IPayloadDecoder> createDecoder, ScrapeOutcomeRecorder recorder, TimeProvider time, TimeSpan maxStagger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(createDecoder);
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStagger, TimeSpan.Zero);
        _client = client;
        _createDecoder = createDecoder;
        _recorder = recorder;
        _time = time;
        _maxStagger = maxStagger;
    }

    /// <summary>
    /// Scrapes every target once; returns when all have an outcome or <paramref name="budget"/> is spent. Not
    /// re-entrant: rounds must not overlap. Throws <see cref="OperationCanceledException"/> only on stopping.
    /// </summary>
    /// <param name="targets">Shuffled in place so start order (and load) varies between rounds.</param>
    public async Task<ScrapeRoundResult> RunAsync(
        KubeletTarget[] targets, int count, ScrapeSettings settings, TimeSpan budget, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(settings);
        var started = _time.GetTimestamp();
        if (count == 0)
        {
            return new ScrapeRoundResult(0, 0, TimeSpan.Zero);
        }

        Random.Shared.Shuffle(targets.AsSpan(0, count));
        using var deadline = new CancellationTokenSource(budget, _time);
        using var stopping = stoppingToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), deadline);
        var work = new RoundWork(targets, count, settings, Spread(count), started, deadline.Token, stoppingToken);
        var workerCount = Math.Min(settings.MaxConcurrency, count);
        EnsureWorkers(workerCount);
        var running = new Task[workerCount];
        for (var i = 0; i < workerCount; i++)
        {
            running[i] = DrainAsync(_workers[i], work);
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        return new ScrapeRoundResult(work.Scraped, work.Failed, _time.GetElapsedTime(started));
    }

    public void Dispose()
    {
        foreach (var worker in _workers)
        {
            worker.Dispose();
        }

        _workers.Clear();
    }

    private TimeSpan Spread(int count)
    {
        var spread = StaggerPerNode * count;
        return spread < _maxStagger ? spread : _maxStagger;
    }

    private void EnsureWorkers(int count)
    {
        while (_workers.Count < count)
        {
            _workers.Add(new ScrapeWorker(_client, _createDecoder(), _time));
        }

        // Keep only what the concurrency allows, so a lowered limit also returns memory.
        while (_workers.Count > count && _workers.Count > 0)
        {
            _workers[^1].Dispose();
            _workers.RemoveAt(_workers.Count - 1);
        }
    }

    private async Task DrainAsync(ScrapeWorker worker, RoundWork work)
    {
        // Yield first so every worker starts before any of them blocks the caller.
        await Task.Yield();
        while (work.TryTake(out var index))
        {
            var target = work.Targets[index];
            if (!await WaitForStartAsync(work, index).ConfigureAwait(false))
            {
                work.Stopping.ThrowIfCancellationRequested();
                _recorder.Failed(
                    target.NodeName,
                    target.IsNodeReady,
                    new ScrapeFailure(ScrapeFailureKind.RoundDeadline, "round deadline reached before the request was sent"),
                    _time.GetUtcNow(),
                    TimeSpan.Zero,
                    attempted: false);
                work.CountFailed();
                continue;
            }

            var result = await worker.ScrapeAsync(target, work.Settings, work.Deadline, work.Stopping).ConfigureAwait(false);
            if (result.Failure is { } failure)
            {
                _recorder.Failed(target.NodeName, target.IsNodeReady, failure, result.RequestTime, result.Duration, attempted: true);
                work.CountFailed();
            }
            else
            {
                _recorder.Succeeded(target, worker.Payload, result);
                work.CountScraped();
            }
        }
    }

    // Node i of n starts at i/n of the spread; false when the round ends first.
    private async ValueTask<bool> WaitForStartAsync(RoundWork work, int index)
    {
        var due = work.Spread * index / work.Count;
        var wait = due - _time.GetElapsedTime(work.StartedTimestamp);
        if (wait >= ShortestWait)
        {
            try
            {
                await Task.Delay(wait, _time, work.Deadline).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return !work.Deadline.IsCancellationRequested;
    }

    private sealed class RoundWork(
        KubeletTarget[] targets,
        int count,
        ScrapeSettings settings,
        TimeSpan spread,
        long startedTimestamp,
        CancellationToken deadline,
        CancellationToken stopping)
    {
        private int _next = -1;
        private int _scraped;
        private int _failed;

        public KubeletTarget[] Targets => targets;

        public int Count => count;

        public ScrapeSettings Settings => settings;

        public TimeSpan Spread => spread;

        public long StartedTimestamp => startedTimestamp;

        public CancellationToken Deadline => deadline;

        public CancellationToken Stopping => stopping;

        public int Scraped => Volatile.Read(ref _scraped);

        public int Failed => Volatile.Read(ref _failed);

        public bool TryTake(out int index)
        {
            index = Interlocked.Increment(ref _next);
            return index < count;
        }

        public void CountScraped() => Interlocked.Increment(ref _scraped);

        public void CountFailed() => Interlocked.Increment(ref _failed);
    }
}
