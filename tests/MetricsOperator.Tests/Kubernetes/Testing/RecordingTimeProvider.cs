using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Kubernetes.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also reports every timer created on it (Task.Delay, timed cancellation),
/// so a test knows exactly which delay the code under test asked for, and when it started waiting.
/// </summary>
internal sealed class RecordingTimeProvider : TimeProvider
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public FakeTimeProvider Fake { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = Fake.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    public void Advance(TimeSpan delta) => Fake.Advance(delta);

    /// <summary>The due time of the next timer created that satisfies <paramref name="wanted"/>; others are skipped.</summary>
    public async Task<TimeSpan> NextTimerAsync(Func<TimeSpan, bool> wanted)
    {
        using var guard = new CancellationTokenSource(Guard);
        while (true)
        {
            var dueTime = await _timers.Reader.ReadAsync(guard.Token).ConfigureAwait(false);
            if (wanted(dueTime))
            {
                return dueTime;
            }
        }
    }
}
