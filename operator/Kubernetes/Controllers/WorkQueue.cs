namespace MetricsOperator.Kubernetes.Controllers;

/// <summary>
/// A client-go style work queue. A key waits at most once (de-duplication); a key being processed is never handed
/// out again until <see cref="Done"/>, and if it was re-added meanwhile it is queued again then. Delayed adds keep the
/// earliest due time per key. <see cref="AddRateLimited"/> delays a key exponentially per failure until
/// <see cref="Forget"/>. All timing comes from the <see cref="TimeProvider"/>.
/// </summary>
internal sealed class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly WorkQueueOptions _options;
    private readonly Queue<TKey> _ready = new();
    private readonly HashSet<TKey> _dirty = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly Dictionary<TKey, (DateTimeOffset Due, ITimer Timer, long Generation)> _delayed = [];
    private TaskCompletionSource? _signal;
    private bool _shutDown;
    private long _timerGeneration;

    public WorkQueue(TimeProvider time, WorkQueueOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _options = options ?? new WorkQueueOptions();
        var errors = _options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid work queue options: " + string.Join("; ", errors), nameof(options));
        }

        _time = time;
    }

    /// <summary>Keys ready to be handed out (not counting delayed or in-process ones).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _ready.Count;
            }
        }
    }

    public bool IsShutDown
    {
        get
        {
            lock (_gate)
            {
                return _shutDown;
            }
        }
    }

    public void Add(TKey key)
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            if (_shutDown || !_dirty.Add(key) || _processing.Contains(key))
            {
                return;
            }

            _ready.Enqueue(key);
            wake = TakeSignal();
        }

        wake?.TrySetResult();
    }

    /// <summary>Adds <paramref name="key"/> once <paramref name="delay"/> has passed; an earlier pending due time wins.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (_gate)
        {
            if (_shutDown)
            {
                return;
            }

            var due = _time.GetUtcNow() + delay;
            if (_delayed.TryGetValue(key, out var pending))
            {
                if (pending.Due <= due)
                {
                    return;
                }

                pending.Timer.Dispose();
            }

            var generation = ++_timerGeneration;
            var timer = _time.CreateTimer(static state => ((DelayedAdd)state!).Fire(), new DelayedAdd(this, key, generation), delay, Timeout.InfiniteTimeSpan);
            _delayed[key] = (due, timer, generation);
        }
    }

    /// <summary>Adds <paramref name="key"/> after its next backoff delay (5 ms, 10 ms, … capped) and counts a failure.</summary>
    public void AddRateLimited(TKey key) => AddAfter(key, NextBackoff(key));

    /// <summary>Resets the failure count of <paramref name="key"/> (after a success).</summary>
    public void Forget(TKey key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }

    public int NumRequeues(TKey key)
    {
        lock (_gate)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    /// <summary>
    /// Waits for a key and marks it as being processed. <c>Ok</c> is false once the queue is shut down.
    /// Every key handed out must be passed to <see cref="Done"/>.
    /// </summary>
    public async ValueTask<(TKey Key, bool Ok)> DequeueAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_shutDown)
                {
                    return (default!, false);
                }

                if (_ready.TryDequeue(out var key))
                {
                    _dirty.Remove(key);
                    _processing.Add(key);
                    return (key, true);
                }

                _signal ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _signal.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Ends processing of <paramref name="key"/>; re-queues it if it was added while being processed.</summary>
    public void Done(TKey key)
    {
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            _processing.Remove(key);
            if (!_shutDown && _dirty.Contains(key))
            {
                _ready.Enqueue(key);
                wake = TakeSignal();
            }
        }

        wake?.TrySetResult();
    }

    /// <summary>Stops handing out keys, drops pending ones and releases every waiter.</summary>
    public void ShutDown()
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            if (_shutDown)
            {
                return;
            }

            _shutDown = true;
            foreach (var (_, pending) in _delayed)
            {
                pending.Timer.Dispose();
            }

            _delayed.Clear();
            _ready.Clear();
            _dirty.Clear();
            wake = TakeSignal();
        }

        wake?.TrySetResult();
    }

    public void Dispose() => ShutDown();

    private TimeSpan NextBackoff(TKey key)
    {
        int failures;
        lock (_gate)
        {
            failures = _failures.GetValueOrDefault(key);
            _failures[key] = failures + 1;
        }

        // 2^failures overflows long ticks long before 62 doublings; cap the exponent first.
        var factor = Math.Pow(2, Math.Min(failures, 62));
        var ticks = _options.BaseDelay.Ticks * factor;
        return ticks >= _options.MaxDelay.Ticks ? _options.MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    private TaskCompletionSource? TakeSignal()
    {
        var signal = _signal;
        _signal = null;
        return signal;
    }

    private void DelayedAddFired(TKey key, long generation)
    {
        lock (_gate)
        {
            // A later AddAfter with an earlier due time replaced this timer; only the current one may add.
            if (!_delayed.TryGetValue(key, out var pending) || pending.Generation != generation)
            {
                return;
            }

            _delayed.Remove(key);
            pending.Timer.Dispose();
        }

        Add(key);
    }

    private sealed record DelayedAdd(WorkQueue<TKey> Queue, TKey Key, long Generation)
    {
        public void Fire() => Queue.DelayedAddFired(Key, Generation);
    }
}
