using System.Threading.Channels;
using MetricsOperator.Kubernetes.Controllers;
using MetricsOperator.Tests.Kubernetes.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Kubernetes.Controllers;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ControllerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new();
    private readonly CapturingLogger _logger = new();
    private readonly MetricRecorder _meters = new();

    [TearDown]
    public void TearDown() => _meters.Dispose();

    [Test]
    public async Task A_successful_reconcile_forgets_the_failures_of_the_key()
    {
        var reconciler = new ScriptedReconciler(_ => Task.FromResult(ReconcileResult.Done));
        using var queue = new WorkQueue<string>(_time);
        queue.AddRateLimited("a");
        queue.Forget("unrelated");
        _time.Advance(TimeSpan.FromMilliseconds(5));
        using var run = Start(queue, reconciler);

        Assert.That(await reconciler.NextCallAsync(), Is.EqualTo("a"));
        await WaitUntilAsync(() => queue.NumRequeues("a") == 0 && _meters.Sum("metrics_operator.controller.reconciles", "result", "success") == 1);
    }

    [Test]
    public async Task A_failing_reconcile_is_logged_and_retried_after_the_backoff()
    {
        var attempts = 0;
        var reconciler = new ScriptedReconciler(_ => Interlocked.Increment(ref attempts) < 3
            ? throw new InvalidOperationException("boom")
            : Task.FromResult(ReconcileResult.Done));
        using var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        using var run = Start(queue, reconciler);

        Assert.That(await reconciler.NextCallAsync(), Is.EqualTo("a"));
        await WaitUntilAsync(() => queue.NumRequeues("a") == 1);
        _time.Advance(TimeSpan.FromMilliseconds(4));
        Assert.That(reconciler.CallCount, Is.EqualTo(1), "not before the 5 ms backoff");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(await reconciler.NextCallAsync(), Is.EqualTo("a"));
        await WaitUntilAsync(() => queue.NumRequeues("a") == 2);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.That(await reconciler.NextCallAsync(), Is.EqualTo("a"));

        await WaitUntilAsync(() => queue.NumRequeues("a") == 0);
        var failures = _logger.Entries.Where(entry => entry.EventId == 1303).ToList();
        Assert.That(failures, Has.Count.EqualTo(2));
        Assert.That(failures[0].Exception, Is.InstanceOf<InvalidOperationException>());
        Assert.That(failures[0].Message, Does.Contain("test").And.Contain("a"));
        Assert.That(_meters.Sum("metrics_operator.controller.reconcile.errors", "controller", "test"), Is.EqualTo(2));
    }

    [Test]
    public async Task RequeueAfter_reconciles_the_key_again_after_the_delay()
    {
        var reconciler = new ScriptedReconciler(_ => Task.FromResult(ReconcileResult.RequeueAfter(TimeSpan.FromSeconds(30))));
        using var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        using var run = Start(queue, reconciler);
        await reconciler.NextCallAsync();
        await WaitUntilAsync(() => _meters.Sum("metrics_operator.controller.reconciles", "result", "requeue") == 1);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.That(reconciler.CallCount, Is.EqualTo(1));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.That(await reconciler.NextCallAsync(), Is.EqualTo("a"));
    }

    [Test]
    public async Task A_key_is_never_reconciled_concurrently_even_with_many_workers()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var maxRunning = 0;
        var reconciler = new ScriptedReconciler(async _ =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            await gate.Task.ConfigureAwait(false);
            Interlocked.Decrement(ref running);
            return ReconcileResult.Done;
        });
        using var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        using var run = Start(queue, reconciler, workers: 4);
        await reconciler.NextCallAsync();

        queue.Add("a");
        await Task.Delay(50);
        Assert.That(reconciler.CallCount, Is.EqualTo(1), "the re-added key waits for the running reconcile");
        gate.SetResult();

        Assert.That(await reconciler.NextCallAsync(), Is.EqualTo("a"));
        Assert.That(maxRunning, Is.EqualTo(1));
    }

    [Test]
    public async Task Different_keys_run_in_parallel_on_several_workers()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconciler = new ScriptedReconciler(async _ =>
        {
            await gate.Task.ConfigureAwait(false);
            return ReconcileResult.Done;
        });
        using var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        queue.Add("b");
        using var run = Start(queue, reconciler, workers: 2);

        var first = await reconciler.NextCallAsync();
        var second = await reconciler.NextCallAsync();
        gate.SetResult();

        Assert.That(new[] { first, second }, Is.EquivalentTo(new[] { "a", "b" }));
    }

    [Test]
    public async Task Stopping_interrupts_the_reconcile_and_the_next_run_resumes_the_key()
    {
        var calls = 0;
        var reconciler = new ScriptedReconciler(async ct =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }

            return ReconcileResult.Done;
        });
        using var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        var run = Start(queue, reconciler);
        await reconciler.NextCallAsync();

        await run.StopAsync();

        Assert.That(queue.Count, Is.EqualTo(1), "the interrupted key waits for the next run");
        Assert.That(queue.NumRequeues("a"), Is.Zero, "an interruption is not a failure");
        using var again = Start(queue, reconciler);
        Assert.That(await reconciler.NextCallAsync(), Is.EqualTo("a"));
    }

    [Test]
    public void Invalid_options_are_refused()
    {
        using var queue = new WorkQueue<string>(_time);

        Assert.That(
            () => new Controller<string>(new ControllerOptions("x") { Workers = 0 }, queue, new ScriptedReconciler(_ => Task.FromResult(ReconcileResult.Done)), new ControllerMetrics(_meters), _logger, _time),
            Throws.ArgumentException.With.Message.Contains("Workers"));
        Assert.That(() => ReconcileResult.RequeueAfter(TimeSpan.Zero), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("condition not reached in time");
            }

            await Task.Delay(5);
        }
    }

    private Running Start(WorkQueue<string> queue, ScriptedReconciler reconciler, int workers = 1)
    {
        var controller = new Controller<string>(new ControllerOptions("test") { Workers = workers }, queue, reconciler, new ControllerMetrics(_meters), _logger, _time);
        var cancellation = new CancellationTokenSource();
        return new Running(controller.RunAsync(cancellation.Token), cancellation);
    }

    private sealed class Running(Task run, CancellationTokenSource cancellation) : IDisposable
    {
        public async Task StopAsync()
        {
            await cancellation.CancelAsync();
            await run.WaitAsync(Patience);
        }

        public void Dispose()
        {
            cancellation.Cancel();
            run.Wait(Patience);
            cancellation.Dispose();
        }
    }

    private sealed class ScriptedReconciler(Func<CancellationToken, Task<ReconcileResult>> behaviour) : IReconciler<string>
    {
        private readonly Channel<string> _calls = Channel.CreateUnbounded<string>();
        private int _count;

        public int CallCount => Volatile.Read(ref _count);

        public Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            _calls.Writer.TryWrite(key);
            return behaviour(cancellationToken);
        }

        public async Task<string> NextCallAsync() => await _calls.Reader.ReadAsync().AsTask().WaitAsync(Patience);
    }
}
