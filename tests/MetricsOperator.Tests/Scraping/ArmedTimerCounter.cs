using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Scraping;

/// <summary>
/// A fake clock that knows how many of the timers created through it are armed (due to fire), so a test can show
/// that nothing is left to wake the process up once work is done.
/// </summary>
internal sealed class ArmedTimerCounter : TimeProvider
{
    private readonly FakeTimeProvider _time;
    private int _armed;

    public ArmedTimerCounter(FakeTimeProvider time)
    {
        _time = time;
    }

    public int Armed => Volatile.Read(ref _armed);

    public override DateTimeOffset GetUtcNow() => _time.GetUtcNow();

    public override long GetTimestamp() => _time.GetTimestamp();

    public override long TimestampFrequency => _time.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _time.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new CountedTimer(this);
        timer.Inner = _time.CreateTimer(
            static state =>
            {
                var (timer, callback, callbackState) = ((CountedTimer, TimerCallback, object?))state!;
                timer.Fired();
                callback(callbackState);
            },
            (timer, callback, state),
            dueTime,
            period);
        timer.SetArmed(dueTime != Timeout.InfiniteTimeSpan, period);
        return timer;
    }

    private sealed class CountedTimer(ArmedTimerCounter owner) : ITimer
    {
        private readonly Lock _gate = new();
        private bool _armed;
        private bool _periodic;

        public ITimer Inner { get; set; } = null!;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = Inner.Change(dueTime, period);
            SetArmed(dueTime != Timeout.InfiniteTimeSpan, period);
            return changed;
        }

        public void Dispose()
        {
            Inner.Dispose();
            SetArmed(false, Timeout.InfiniteTimeSpan);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        public void Fired()
        {
            lock (_gate)
            {
                if (!_periodic)
                {
                    SetArmedLocked(false);
                }
            }
        }

        public void SetArmed(bool armed, TimeSpan period)
        {
            lock (_gate)
            {
                _periodic = armed && period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero;
                SetArmedLocked(armed);
            }
        }

        private void SetArmedLocked(bool armed)
        {
            if (armed != _armed)
            {
                _armed = armed;
                Interlocked.Add(ref owner._armed, armed ? 1 : -1);
            }
        }
    }
}
