using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Scraping;

public sealed class NodeScrapeStatesTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static ScrapeFailure Tls(string reason) => new(ScrapeFailureKind.Tls, reason);

    [Test]
    public void Counts_consecutive_failures_and_resets_them_on_success_but_keeps_the_last_error()
    {
        var states = new NodeScrapeStates();

        states.RecordSuccess("n", T0, TimeSpan.FromMilliseconds(5), 46_000);
        states.RecordFailure("n", T0.AddSeconds(15), TimeSpan.FromSeconds(3), new ScrapeFailure(ScrapeFailureKind.Timeout, "timeout after 3s"));
        var (failing, previous) = states.RecordFailure("n", T0.AddSeconds(30), TimeSpan.FromSeconds(3), new ScrapeFailure(ScrapeFailureKind.Timeout, "timeout after 3s"));
        var recovered = states.RecordSuccess("n", T0.AddSeconds(45), TimeSpan.FromMilliseconds(4), 47_000);

        Assert.Multiple(() =>
        {
            Assert.That(previous!.ConsecutiveFailures, Is.EqualTo(1));
            Assert.That(failing.ConsecutiveFailures, Is.EqualTo(2));
            Assert.That(failing.LastSuccess, Is.EqualTo(T0));
            Assert.That(failing.LastPayloadBytes, Is.EqualTo(46_000), "size of the last good payload");
            Assert.That(recovered.ConsecutiveFailures, Is.Zero);
            Assert.That(recovered.IsFailing, Is.False);
            Assert.That(recovered.LastFailure!.Value.Reason, Is.EqualTo("timeout after 3s"));
            Assert.That(recovered.LastFailureAt, Is.EqualTo(T0.AddSeconds(30)));
            Assert.That(recovered.LastDuration, Is.EqualTo(TimeSpan.FromMilliseconds(4)));
        });
    }

    [Test]
    public void Summary_names_the_most_common_failure_with_an_example()
    {
        var states = new NodeScrapeStates();
        states.RecordSuccess("ok", T0, TimeSpan.Zero, 1);
        states.RecordFailure("c", T0, TimeSpan.Zero, Tls("kubelet certificate expired at 2024-01-01T00:00:00Z"));
        states.RecordFailure("b", T0, TimeSpan.Zero, Tls("kubelet certificate not trusted: issuer \"CN=x\" does not chain to a trusted CA"));
        states.RecordFailure("a", T0, TimeSpan.Zero, new ScrapeFailure(ScrapeFailureKind.Timeout, "timeout after 10s"));

        var summary = states.Summarize();

        Assert.That(summary, Is.EqualTo(new ScrapeStatusSummary(
            4, 1, 3, ScrapeFailureKind.Tls, 2, "b", "kubelet certificate not trusted: issuer \"CN=x\" does not chain to a trusted CA")));
    }

    [Test]
    public void Summary_of_healthy_nodes_has_no_failure()
    {
        var states = new NodeScrapeStates();
        states.RecordSuccess("a", T0, TimeSpan.Zero, 1);
        states.RecordFailure("b", T0, TimeSpan.Zero, Tls("x"));
        states.RecordSuccess("b", T0.AddSeconds(15), TimeSpan.Zero, 1);

        Assert.That(states.Summarize(), Is.EqualTo(new ScrapeStatusSummary(2, 2, 0, null, 0, null, null)));
    }

    [Test]
    public void Removes_nodes_that_left_and_snapshots_in_name_order()
    {
        var states = new NodeScrapeStates();
        foreach (var name in new[] { "c", "a", "b", "gone" })
        {
            states.RecordSuccess(name, T0, TimeSpan.Zero, 1);
        }

        states.RemoveAllExcept(new HashSet<string> { "a", "b", "c" });

        Assert.That(states.Snapshot().Select(s => s.NodeName), Is.EqualTo(new[] { "a", "b", "c" }));
    }
}
