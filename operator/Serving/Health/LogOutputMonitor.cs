namespace MetricsOperator.Serving.Health;

/// <summary>
/// Notices when log output blocks (a full stdout pipe stalls every thread that logs), like the API server's
/// <c>log</c> check: once a minute it flushes the log output on a pool thread and remembers when a flush last
/// completed. The console logger writes through <see cref="Console.Out"/>'s lock, so a stuck write also stalls
/// the flush. At most one flush is outstanding.
/// </summary>
internal sealed class LogOutputMonitor : IDisposable
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMinutes(1);

    /// <summary>Logging counts as blocked when no flush completed for this long.</summary>
    public static readonly TimeSpan BlockedAfter = TimeSpan.FromMinutes(2);

    private readonly TimeProvider _time;
    private readonly Action _flush;
    private readonly ITimer _timer;
    private long _lastFlushedTicks;
    private int _flushing;

    public LogOutputMonitor(TimeProvider time, Action flush)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(flush);
        _time = time;
        _flush = flush;
        _lastFlushedTicks = time.GetUtcNow().UtcTicks;
        _timer = time.CreateTimer(static state => ((LogOutputMonitor)state!).StartFlush(), this, FlushInterval, FlushInterval);
    }

    /// <summary>Time since the last completed flush (or since the monitor started).</summary>
    public TimeSpan SinceLastFlush => _time.GetUtcNow() - new DateTimeOffset(Interlocked.Read(ref _lastFlushedTicks), TimeSpan.Zero);

    public static LogOutputMonitor ForConsole(TimeProvider time) => new(time, static () => Console.Out.Flush());

    public void Dispose() => _timer.Dispose();

    private void StartFlush()
    {
        if (Interlocked.CompareExchange(ref _flushing, 1, 0) != 0)
        {
            return;
        }

        _ = Task.Run(() =>
        {
            try
            {
                _flush();
                Interlocked.Exchange(ref _lastFlushedTicks, _time.GetUtcNow().UtcTicks);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // Output that cannot be written is as bad as blocked output: the last success stays where it was.
            }
            finally
            {
                Volatile.Write(ref _flushing, 0);
            }
        });
    }
}
