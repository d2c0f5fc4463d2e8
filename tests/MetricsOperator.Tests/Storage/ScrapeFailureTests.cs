using static MetricsOperator.Tests.Storage.PayloadBuilder;

namespace MetricsOperator.Tests.Storage;

/// <summary>
/// A failed scrape keeps the node's last good data (unlike the reference, which drops it at once) until it is older
/// than the staleness bound, measured from the data's own kubelet timestamp.
/// </summary>
public sealed class ScrapeFailureTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    private static PayloadBuilder Round(double at, double nodeCoreSeconds, double podCoreSeconds) =>
        new PayloadBuilder()
            .Node(At(at), CoreSeconds(nodeCoreSeconds), 2 * MiB)
            .Pod("ns1", "pod1", new ContainerPoint("c", At(at), At(0), CoreSeconds(podCoreSeconds), 4 * MiB));

    private static StoreHarness TwoGoodRounds()
    {
        var harness = new StoreHarness(stalenessBound: Bound);
        harness.Put(Round(100, 10, 1)).Put(Round(115, 25, 4));
        harness.Clock.SetUtcNow(T0.AddSeconds(116));
        return harness;
    }

    [Test]
    public void Failed_node_keeps_serving_its_last_good_data_with_its_true_timestamp_and_window()
    {
        var harness = TwoGoodRounds();
        var node = harness.Node("node1");
        var pod = harness.Pod("ns1", "pod1");

        harness.Store.MarkNodeFailed("node1");
        harness.Clock.SetUtcNow(T0.AddSeconds(115) + Bound);

        Assert.That(harness.Node("node1"), Is.EqualTo(node).And.Not.Null);
        Assert.That(harness.Pod("ns1", "pod1"), Is.EqualTo(pod).And.Not.Null);
        Assert.That(harness.Store.IsReady, Is.True);
    }

    [Test]
    public void Failed_node_disappears_once_its_data_is_older_than_the_bound()
    {
        var harness = TwoGoodRounds();
        harness.Store.MarkNodeFailed("node1");

        harness.Clock.SetUtcNow(T0.AddSeconds(115) + Bound + TimeSpan.FromMilliseconds(1));
        Assert.That(harness.Node("node1"), Is.Null, "readers stop serving stale data without waiting for a writer");
        Assert.That(harness.Pod("ns1", "pod1"), Is.Null);

        harness.Store.MarkNodeFailed("node1");
        Assert.That(harness.Store.Counts, Is.EqualTo(default(MetricsOperator.Storage.StoredPointCounts)), "the next failure frees it");
        Assert.That(harness.Store.IsReady, Is.False);
    }

    [Test]
    public void Recovery_within_the_bound_serves_at_once_over_the_longer_window()
    {
        var harness = TwoGoodRounds();
        harness.Store.MarkNodeFailed("node1");
        harness.Store.MarkNodeFailed("node1");

        harness.Put(Round(160, 70, 49));

        Assert.That(harness.Node("node1"), Is.EqualTo(new ServedNode("2021-10-03T09:21:12Z", "45s", "1", "2Mi")));
        Assert.That(harness.Pod("ns1", "pod1")?.Window, Is.EqualTo("45s"));
    }

    [Test]
    public void Recovery_after_the_data_was_freed_starts_over()
    {
        var harness = TwoGoodRounds();
        harness.Clock.SetUtcNow(T0.AddSeconds(300));
        harness.Store.MarkNodeFailed("node1");

        harness.Put(Round(300, 100, 60));
        Assert.That(harness.Node("node1"), Is.Null);

        harness.Put(Round(315, 115, 75));
        Assert.That(harness.Node("node1")?.Cpu, Is.EqualTo("1"));
    }

    [Test]
    public void Successful_scrapes_are_never_judged_stale_whatever_the_kubelet_clock_says()
    {
        var harness = TwoGoodRounds();
        harness.Clock.SetUtcNow(T0.AddDays(1));

        Assert.That(harness.Node("node1"), Is.Not.Null);
    }

    [Test]
    public void Failure_of_a_node_never_stored_is_ignored()
    {
        var harness = new StoreHarness();
        harness.Store.MarkNodeFailed("ghost");

        using var view = harness.Store.OpenView();
        var nodes = new List<MetricsOperator.Storage.NodeUsage>();
        view.CollectNodes(nodes);
        Assert.That(nodes, Is.Empty);
    }

    [Test]
    public void Default_bound_is_twice_the_resolution()
    {
        var harness = new StoreHarness(resolution: TimeSpan.FromSeconds(15));
        harness.Put(Round(100, 10, 1)).Put(Round(115, 25, 4));
        harness.Store.MarkNodeFailed("node1");

        harness.Clock.SetUtcNow(T0.AddSeconds(145));
        Assert.That(harness.Node("node1"), Is.Not.Null);
        harness.Clock.SetUtcNow(T0.AddSeconds(145.001));
        Assert.That(harness.Node("node1"), Is.Null);
    }
}
