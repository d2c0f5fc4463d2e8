using static MetricsOperator.Tests.Storage.PayloadBuilder;

namespace MetricsOperator.Tests.Storage;

/// <summary>With no active MetricsBackend nothing is served: the store is cleared and late scrapes are dropped.</summary>
public sealed class DisabledScrapingTests
{
    [Test]
    public void Clear_drops_every_node_and_pod_at_once()
    {
        var harness = new StoreHarness();
        foreach (var node in new[] { "node1", "node2" })
        {
            harness.Put(new PayloadBuilder().Node(At(15), CoreSeconds(10), MiB).Pod("ns", "pod-" + node, new ContainerPoint("c", At(15), At(0), CoreSeconds(1), MiB)), node);
            harness.Put(new PayloadBuilder().Node(At(30), CoreSeconds(20), MiB).Pod("ns", "pod-" + node, new ContainerPoint("c", At(30), At(0), CoreSeconds(2), MiB)), node);
        }

        Assert.That(harness.Node("node1"), Is.Not.Null);
        Assert.That(harness.Pod("ns", "pod-node2"), Is.Not.Null);

        harness.Store.Clear();

        Assert.That(harness.Node("node1"), Is.Null);
        Assert.That(harness.Node("node2"), Is.Null);
        Assert.That(harness.Pod("ns", "pod-node2"), Is.Null);
        Assert.That(harness.Store.Counts, Is.EqualTo(default(MetricsOperator.Storage.StoredPointCounts)));
    }

    [Test]
    public void A_scrape_finishing_after_scraping_was_disabled_is_not_stored()
    {
        var harness = new StoreHarness();
        harness.Settings.Disable();

        harness.Put(new PayloadBuilder().Node(At(15), CoreSeconds(10), MiB));

        Assert.That(harness.Store.HasStored, Is.False);
    }
}
