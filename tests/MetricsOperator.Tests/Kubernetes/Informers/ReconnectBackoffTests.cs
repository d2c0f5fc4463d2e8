using MetricsOperator.Kubernetes.Informers;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Kubernetes.Informers;

public sealed class ReconnectBackoffTests
{
    private static ReconnectBackoff Backoff(double jitter = 0.2, int seed = 1) =>
        new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), jitter, new Random(seed));

    [Test]
    public void Ceiling_doubles_from_the_initial_delay_up_to_the_cap()
    {
        var backoff = Backoff();

        var ceilings = Enumerable.Range(1, 8).Select(n => backoff.Ceiling(n).TotalSeconds);

        Assert.That(ceilings, Is.EqualTo(new double[] { 1, 2, 4, 8, 16, 30, 30, 30 }));
        Assert.That(backoff.Ceiling(1000), Is.EqualTo(TimeSpan.FromSeconds(30)), "no overflow after many failures");
    }

    [Test]
    public void Delays_are_jittered_below_the_ceiling()
    {
        var backoff = Backoff();
        var delays = new List<TimeSpan>();

        for (var failure = 1; failure <= 200; failure++)
        {
            backoff.Reset();
            delays.Add(backoff.Next());
        }

        Assert.Multiple(() =>
        {
            Assert.That(delays, Is.All.InRange(TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(1)));
            Assert.That(delays.Distinct().Count(), Is.GreaterThan(190));
            Assert.That(delays.Min().TotalSeconds, Is.LessThan(0.82), "the whole jitter range is used");
        });
    }

    [Test]
    public void Without_jitter_delays_are_exactly_the_ceiling()
    {
        var backoff = Backoff(jitter: 0);

        Assert.That(new[] { backoff.Next(), backoff.Next(), backoff.Next() }, Is.EqualTo(new[]
        {
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4),
        }));
    }

    [Test]
    public void The_first_expiry_after_progress_costs_nothing_and_repeated_ones_back_off()
    {
        var backoff = Backoff(jitter: 0);

        Assert.Multiple(() =>
        {
            Assert.That(backoff.NextAfterExpiry(), Is.EqualTo(TimeSpan.Zero));
            Assert.That(backoff.NextAfterExpiry(), Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(backoff.Failures, Is.EqualTo(2));
        });
        backoff.Reset();
        Assert.That(backoff.NextAfterExpiry(), Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Watchdog_fires_after_a_full_period_of_silence_and_feeding_restarts_the_period()
    {
        var time = new FakeTimeProvider();
        using var stopping = new CancellationTokenSource();
        using var watchdog = new WatchWatchdog(time, TimeSpan.FromMinutes(3), stopping.Token);

        time.Advance(TimeSpan.FromMinutes(2));
        watchdog.Feed();
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.That(watchdog.Token.IsCancellationRequested, Is.False);

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Multiple(() =>
        {
            Assert.That(watchdog.Token.IsCancellationRequested, Is.True);
            Assert.That(watchdog.Expired, Is.True);
        });
    }

    [Test]
    public async Task Watchdog_token_also_follows_the_informer_stopping()
    {
        using var stopping = new CancellationTokenSource();
        using var watchdog = new WatchWatchdog(new FakeTimeProvider(), TimeSpan.FromMinutes(3), stopping.Token);

        await stopping.CancelAsync();

        Assert.Multiple(() =>
        {
            Assert.That(watchdog.Token.IsCancellationRequested, Is.True);
            Assert.That(watchdog.Expired, Is.False);
        });
    }
}
