using System.Collections.Concurrent;
using System.Diagnostics;
using MetricsOperator.Kubernetes.LeaderElection;
using MetricsOperator.Tests.Kubernetes.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricsOperator.Tests.Kubernetes.LeaderElection;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class LeaderElectedControllerHostTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private readonly FakeLeaseStore _store = new();

    [Test]
    public async Task One_replica_leads_and_the_other_takes_over_as_soon_as_it_stops()
    {
        var workA = new LeaderWork();
        var workB = new LeaderWork();
        using var a = Host("a", workA);
        using var b = Host("b", workB);

        await a.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => a.IsLeader);
        await b.StartAsync(CancellationToken.None);
        await Task.Delay(400);

        Assert.That(b.IsLeader, Is.False);
        Assert.That(workA.Runs, Is.EqualTo(1));
        Assert.That(workB.Runs, Is.Zero, "leader-only work does not run on a follower");

        var stopped = Stopwatch.StartNew();
        await a.StopAsync(CancellationToken.None);

        Assert.That(workA.Cancelled, Is.EqualTo(1));
        Assert.That(_store.Spec!.HolderIdentity, Is.Empty.Or.EqualTo("b"), "the lease was released on shutdown");
        await WaitUntilAsync(() => b.IsLeader);
        Assert.That(stopped.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), "no wait for the 1 s lease to expire after release plus retries");
        await WaitUntilAsync(() => workB.Runs == 1);
        await b.StopAsync(CancellationToken.None);
    }

    [Test]
    public async Task Losing_the_lease_cancels_leader_work_promptly_and_the_replica_campaigns_again()
    {
        var work = new LeaderWork();
        using var a = Host("a", work);
        var changes = new ConcurrentQueue<bool>();
        a.LeadershipChanged += changes.Enqueue;
        await a.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => a.IsLeader && work.Runs == 1);

        var lost = Stopwatch.StartNew();
        _store.GiveTo("intruder");

        await WaitUntilAsync(() => work.Cancelled == 1);
        Assert.That(lost.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1.5)), "within the renew deadline (0.5 s) plus a retry");
        Assert.That(a.IsLeader, Is.False);

        // The intruder never renews; once its lease expires the replica leads again (the process did not exit).
        await WaitUntilAsync(() => a.IsLeader && work.Runs == 2);
        Assert.That(a.ExecuteTask!.IsCompleted, Is.False);
        Assert.That(changes, Is.EqualTo(new[] { true, false, true }));
        await a.StopAsync(CancellationToken.None);
    }

    [Test]
    public void Inconsistent_timings_are_refused_with_the_settings_named()
    {
        var options = Options("a") with { RenewDeadline = TimeSpan.FromSeconds(20) };

        Assert.That(
            () => new LeaderElectedControllerHost(_store.ResourceClient(), options, [], NullLogger<LeaderElectedControllerHost>.Instance, TimeProvider.System),
            Throws.ArgumentException.With.Message.Contains("RenewDeadline (00:00:20) must be shorter than LeaseDuration"));
        Assert.That(new LeaderElectionOptions().Validate(), Has.Some.Contains("Identity must not be empty"));
        Assert.That(new LeaderElectionOptions { Identity = "x", LeaseNamespace = "ops" }.Validate(), Is.Empty, "the defaults are consistent");
    }

    private static LeaderElectionOptions Options(string identity) => new()
    {
        LeaseName = FakeLeaseStore.Name,
        LeaseNamespace = FakeLeaseStore.Namespace,
        Identity = identity,
        LeaseDuration = TimeSpan.FromSeconds(1),
        RenewDeadline = TimeSpan.FromMilliseconds(500),
        RetryPeriod = TimeSpan.FromMilliseconds(100),
    };

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > Patience)
            {
                Assert.Fail("condition not reached in time");
            }

            await Task.Delay(10);
        }
    }

    private LeaderElectedControllerHost Host(string identity, LeaderWork work) =>
        new(_store.ResourceClient(), Options(identity), [work], NullLogger<LeaderElectedControllerHost>.Instance, TimeProvider.System);

    private sealed class LeaderWork : ILeaderWork
    {
        private int _runs;
        private int _cancelled;

        public string Name => "test";

        public int Runs => Volatile.Read(ref _runs);

        public int Cancelled => Volatile.Read(ref _cancelled);

        public async Task RunAsync(CancellationToken leadership)
        {
            Interlocked.Increment(ref _runs);
            try
            {
                await Task.Delay(Timeout.Infinite, leadership).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Increment(ref _cancelled);
            }
        }
    }
}
