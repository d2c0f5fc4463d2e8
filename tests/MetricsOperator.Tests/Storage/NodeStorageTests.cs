using static MetricsOperator.Tests.Storage.PayloadBuilder;

namespace MetricsOperator.Tests.Storage;

/// <summary>The node cases of the reference storage tests (S7, S8, S10–S14).</summary>
public sealed class NodeStorageTests
{
    [Test]
    public void Node_needs_two_points_and_an_empty_batch_removes_it()
    {
        var harness = new StoreHarness();

        harness.Put(new PayloadBuilder().Node(At(10), CoreSeconds(10), 2 * MiB));
        Assert.That(harness.Node("node1"), Is.Null);
        Assert.That(harness.Store.Counts.NodesWithPrev, Is.Zero);

        harness.Put(new PayloadBuilder().Node(At(20), CoreSeconds(20), 3 * MiB));
        Assert.That(harness.Node("node1"), Is.EqualTo(new ServedNode("2021-10-03T09:18:52Z", "10s", "1", "3Mi")));
        Assert.That(harness.Node("node2"), Is.Null);
        Assert.That(harness.Store.Counts.NodesWithPrev, Is.EqualTo(1));

        harness.Put(new PayloadBuilder());
        Assert.That(harness.Node("node1"), Is.Null);
        Assert.That(harness.Store.Counts.NodesWithPrev, Is.Zero);
    }

    [Test]
    public void Repeated_point_is_never_served()
    {
        var harness = new StoreHarness();
        harness.Put(new PayloadBuilder().Node(At(10), CoreSeconds(10), 2 * MiB));
        harness.Put(new PayloadBuilder().Node(At(10), CoreSeconds(10), 2 * MiB));

        Assert.That(harness.Node("node1"), Is.Null);
        Assert.That(harness.Store.Counts.NodesWithPrev, Is.Zero);
    }

    [TestCase(10, 5)]
    [TestCase(50, 10)]
    public void Cpu_decrease_makes_the_node_unservable(double firstCoreSeconds, double secondCoreSeconds)
    {
        var harness = new StoreHarness();
        harness.Put(new PayloadBuilder().Node(At(15), CoreSeconds(firstCoreSeconds), 3 * MiB));
        harness.Put(new PayloadBuilder().Node(At(25), CoreSeconds(secondCoreSeconds), 5 * MiB));

        Assert.That(harness.Node("node1"), Is.Null);
        Assert.That(harness.Store.Counts.NodesWithPrev, Is.EqualTo(1), "the point has a prev, its rate is invalid");
    }

    [Test]
    public void Point_older_than_prev_drops_prev()
    {
        var harness = new StoreHarness();
        harness.Put(new PayloadBuilder().Node(At(15), CoreSeconds(10), 3 * MiB));
        harness.Put(new PayloadBuilder().Node(At(35), CoreSeconds(50), 5 * MiB));
        Assert.That(harness.Node("node1"), Is.EqualTo(new ServedNode("2021-10-03T09:19:07Z", "20s", "2", "5Mi")));

        harness.Put(new PayloadBuilder().Node(At(5), CoreSeconds(6), 2 * MiB));
        Assert.That(harness.Node("node1"), Is.Null);
        Assert.That(harness.Store.Counts.NodesWithPrev, Is.Zero);
    }

    [Test]
    public void Point_between_prev_and_last_keeps_prev()
    {
        var harness = new StoreHarness();
        harness.Put(new PayloadBuilder().Node(At(15), CoreSeconds(10), 1 * MiB));
        harness.Put(new PayloadBuilder().Node(At(35), CoreSeconds(50), 4 * MiB));
        harness.Put(new PayloadBuilder().Node(At(25), CoreSeconds(35), 2 * MiB));

        Assert.That(harness.Node("node1"), Is.EqualTo(new ServedNode("2021-10-03T09:18:57Z", "10s", "2500m", "2Mi")));
    }

    [Test]
    public void Swap_is_carried_when_the_kubelet_reports_it()
    {
        var harness = new StoreHarness();
        harness.Put(new PayloadBuilder().Node(At(10), CoreSeconds(10), 2 * MiB, swapBytes: 1 * MiB));
        harness.Put(new PayloadBuilder().Node(At(20), CoreSeconds(20), 3 * MiB, swapBytes: 2 * MiB));

        using var view = harness.Store.OpenView();
        Assert.That(view.TryGetNode("node1", out var usage), Is.True);
        Assert.That(usage.Usage.HasSwap, Is.True);
        Assert.That(usage.Usage.SwapBytes, Is.EqualTo(2 * MiB));
    }

    [Test]
    public void Window_uses_kubelet_timestamps_to_the_millisecond()
    {
        var harness = new StoreHarness();
        harness.Put(new PayloadBuilder().Node(At(10), CoreSeconds(10), 2 * MiB));
        harness.Put(new PayloadBuilder().Node(At(25.021), CoreSeconds(25.021), 2 * MiB));

        Assert.That(harness.Node("node1")?.Window, Is.EqualTo("15.021s"));
        Assert.That(harness.Node("node1")?.Cpu, Is.EqualTo("1"));
    }
}
