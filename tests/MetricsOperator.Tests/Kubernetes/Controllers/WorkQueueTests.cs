using MetricsOperator.Kubernetes.Controllers;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Kubernetes.Controllers;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class WorkQueueTests
{
    private readonly FakeTimeProvider _time = new();

    [Test]
    public async Task A_key_added_twice_waits_once()
    {
        using var queue = new WorkQueue<string>(_time);

        queue.Add("a");
        queue.Add("b");
        queue.Add("a");

        Assert.That(queue.Count, Is.EqualTo(2));
        Assert.That((await queue.DequeueAsync(CancellationToken.None)).Key, Is.EqualTo("a"));
        Assert.That((await queue.DequeueAsync(CancellationToken.None)).Key, Is.EqualTo("b"));
        Assert.That(queue.Count, Is.Zero);
    }

    [Test]
    public async Task A_key_re_added_while_processing_is_handed_out_again_only_after_Done()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        var (key, _) = await queue.DequeueAsync(CancellationToken.None);

        queue.Add("a");
        queue.Add("a");
        var second = queue.DequeueAsync(CancellationToken.None).AsTask();

        Assert.That(queue.Count, Is.Zero, "not ready while the first run is still processing it");
        Assert.That(second.IsCompleted, Is.False);
        queue.Done(key);
        Assert.That((await second.WaitAsync(TimeSpan.FromSeconds(5))).Key, Is.EqualTo("a"));
        queue.Done("a");
        Assert.That(queue.Count, Is.Zero, "the two re-adds collapsed into one run");
    }

    [Test]
    public async Task Done_without_a_re_add_does_not_requeue()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        await queue.DequeueAsync(CancellationToken.None);

        queue.Done("a");

        Assert.That(queue.Count, Is.Zero);
    }

    [Test]
    public async Task AddRateLimited_doubles_the_delay_per_failure_until_Forget()
    {
        using var queue = new WorkQueue<string>(_time);

        Assert.That(await DelayOfNextRateLimitedAddAsync(queue), Is.EqualTo(TimeSpan.FromMilliseconds(5)));
        Assert.That(await DelayOfNextRateLimitedAddAsync(queue), Is.EqualTo(TimeSpan.FromMilliseconds(10)));
        Assert.That(await DelayOfNextRateLimitedAddAsync(queue), Is.EqualTo(TimeSpan.FromMilliseconds(20)));
        Assert.That(queue.NumRequeues("a"), Is.EqualTo(3));

        queue.Forget("a");

        Assert.That(queue.NumRequeues("a"), Is.Zero);
        Assert.That(await DelayOfNextRateLimitedAddAsync(queue), Is.EqualTo(TimeSpan.FromMilliseconds(5)));
    }

    [Test]
    public async Task The_backoff_is_capped_at_1000_seconds()
    {
        using var queue = new WorkQueue<string>(_time);
        for (var i = 0; i < 80; i++)
        {
            queue.AddRateLimited("a");
        }

        _time.Advance(TimeSpan.FromMilliseconds(5));
        queue.Done((await queue.DequeueAsync(CancellationToken.None)).Key);

        Assert.That(await DelayOfNextRateLimitedAddAsync(queue), Is.EqualTo(TimeSpan.FromSeconds(1000)));
    }

    [Test]
    public void AddAfter_keeps_the_earliest_due_time()
    {
        using var queue = new WorkQueue<string>(_time);

        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(2));
        queue.AddAfter("a", TimeSpan.FromSeconds(30));

        _time.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1));
        Assert.That(queue.Count, Is.Zero);
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.That(queue.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task A_replaced_delayed_add_does_not_fire_later()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(2));
        _time.Advance(TimeSpan.FromSeconds(2));
        queue.Done((await queue.DequeueAsync(CancellationToken.None)).Key);

        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.That(queue.Count, Is.Zero);
    }

    [Test]
    public void A_zero_delay_adds_at_once()
    {
        using var queue = new WorkQueue<string>(_time);

        queue.AddAfter("a", TimeSpan.Zero);

        Assert.That(queue.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task A_waiting_dequeue_wakes_up_on_Add()
    {
        using var queue = new WorkQueue<string>(_time);
        var waiting = queue.DequeueAsync(CancellationToken.None).AsTask();
        Assert.That(waiting.IsCompleted, Is.False);

        queue.Add("a");

        Assert.That((await waiting.WaitAsync(TimeSpan.FromSeconds(5))).Key, Is.EqualTo("a"));
    }

    [Test]
    public async Task ShutDown_releases_waiters_and_ignores_later_adds()
    {
        using var queue = new WorkQueue<string>(_time);
        var waiters = Enumerable.Range(0, 3).Select(_ => queue.DequeueAsync(CancellationToken.None).AsTask()).ToArray();
        queue.AddAfter("late", TimeSpan.FromSeconds(1));

        queue.ShutDown();
        queue.Add("a");
        _time.Advance(TimeSpan.FromSeconds(2));

        var results = await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That(results.Select(result => result.Ok), Is.All.False);
        Assert.That(queue.Count, Is.Zero);
        Assert.That((await queue.DequeueAsync(CancellationToken.None)).Ok, Is.False);
    }

    [Test]
    public void A_cancelled_dequeue_throws()
    {
        using var queue = new WorkQueue<string>(_time);
        using var cancellation = new CancellationTokenSource();
        var waiting = queue.DequeueAsync(cancellation.Token).AsTask();

        cancellation.Cancel();

        Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Invalid_options_are_refused_with_the_setting_named()
    {
        var options = new WorkQueueOptions { BaseDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(1) };

        Assert.That(() => new WorkQueue<string>(_time, options), Throws.ArgumentException.With.Message.Contains("MaxDelay"));
    }

    private async Task<TimeSpan> DelayOfNextRateLimitedAddAsync(WorkQueue<string> queue)
    {
        queue.AddRateLimited("a");
        var waited = TimeSpan.Zero;
        while (queue.Count == 0)
        {
            // Big steps once far out, so a 1000 s delay does not take a million iterations.
            var step = waited >= TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : TimeSpan.FromMilliseconds(1);
            _time.Advance(step);
            waited += step;
        }

        queue.Done((await queue.DequeueAsync(CancellationToken.None)).Key);
        return waited;
    }
}
