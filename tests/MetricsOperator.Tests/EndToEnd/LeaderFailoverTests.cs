using System.Diagnostics;
using k8s.Models;
using MetricsOperator.Tests.EndToEnd.Testing;

namespace MetricsOperator.Tests.EndToEnd;

/// <summary>
/// Scenario 7: two operator processes; killing the leader (no lease release) lets the standby take over
/// reconciling within the lease duration, while metrics stay served. A fresh replica then restores two.
/// </summary>
[TestFixture]
[Order(7)]
[NonParallelizable]
internal sealed class LeaderFailoverTests
{
    [OneTimeSetUp]
    public Task ReadyAsync() => EndToEndSandbox.WaitReadyAsync();

    [Test]
    public async Task StandbyTakesOverWithinTheLeaseDurationAndMetricsStayServed()
    {
        var sandbox = EndToEndSandbox.Current;
        Assert.That(sandbox.Operators, Has.Count.EqualTo(2));
        var holder = Holder();
        var leader = sandbox.Operators.Single(o => o.PodName == holder);
        var standby = sandbox.Operators.Single(o => o != leader);

        // The aggregator spreads requests over both Ready replicas: every one must answer.
        for (var i = 0; i < 4; i++)
        {
            await sandbox.KubectlOkAsync("1.33", "top", "node");
        }

        var clock = Stopwatch.StartNew();
        await sandbox.KillOperatorAsync(leader);
        await Eventually.HoldsAsync($"{standby.PodName} to hold the lease", Sandbox.LeaseDuration * 3, () => Task.FromResult(Holder() == standby.PodName ? null : "holder: " + Holder()));
        var takeover = clock.Elapsed;

        var deleted = sandbox.StandIn.State.Get<V1Service>(Sandbox.OperatorNamespace, "metrics-operator")?.Metadata.Uid;
        await sandbox.KubectlOkAsync("1.33", "delete", "service", "metrics-operator", "-n", Sandbox.OperatorNamespace, "--wait=false");
        await Eventually.HoldsAsync("the new leader to restore the Service", TimeSpan.FromSeconds(10), () =>
            Task.FromResult(sandbox.StandIn.State.Get<V1Service>(Sandbox.OperatorNamespace, "metrics-operator")?.Metadata.Uid is { } uid && uid != deleted ? null : "not restored"));
        await Eventually.HoldsAsync("kubectl top node through the remaining replica", TimeSpan.FromSeconds(20), async () =>
        {
            var top = await sandbox.KubectlAsync("1.33", "top", "node");
            return top.Succeeded ? null : top.ToString();
        });

        TestContext.Out.WriteLine($"lease taken over {takeover.TotalSeconds:0.0}s after the leader was killed");
        Assert.That(takeover, Is.LessThan(Sandbox.LeaseDuration + TimeSpan.FromSeconds(3)), "takeover took longer than the lease duration (plus a retry period and the kill)");

        await sandbox.StartOperatorAsync(awaitMetrics: true);
        for (var i = 0; i < 4; i++)
        {
            await sandbox.KubectlOkAsync("1.33", "top", "node");
        }

        Assert.That(Holder(), Is.EqualTo(standby.PodName), "the new replica must not take the lease from a live leader");
    }

    private static string? Holder() =>
        EndToEndSandbox.Current.StandIn.State.Get<V1Lease>(Sandbox.OperatorNamespace, "metrics-operator-leader")?.Spec?.HolderIdentity;
}
