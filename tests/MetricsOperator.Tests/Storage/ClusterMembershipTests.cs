using MetricsOperator.Storage;
using static MetricsOperator.Tests.Storage.PayloadBuilder;

namespace MetricsOperator.Tests.Storage;

/// <summary>Nodes and pods that leave the cluster (informer deletes), and pods that move between nodes.</summary>
public sealed class ClusterMembershipTests
{
    private static ContainerPoint C(double at, double coreSeconds, string name = "c") => new(name, At(at), At(0), CoreSeconds(coreSeconds), 1 * MiB);

    private static StoreHarness TwoPodsOnNode1()
    {
        var harness = new StoreHarness();
        harness.Put(new PayloadBuilder().Node(At(100), CoreSeconds(10), MiB).Pod("ns", "a", C(100, 1)).Pod("ns", "b", C(100, 1)));
        harness.Put(new PayloadBuilder().Node(At(110), CoreSeconds(20), MiB).Pod("ns", "a", C(110, 2)).Pod("ns", "b", C(110, 3)));
        return harness;
    }

    [Test]
    public void Removed_node_is_gone_at_once_with_its_pods()
    {
        var harness = TwoPodsOnNode1();
        Assert.That(harness.Node("node1"), Is.Not.Null);

        harness.Store.RemoveNode("node1");

        Assert.Multiple(() =>
        {
            Assert.That(harness.Node("node1"), Is.Null);
            Assert.That(harness.Pod("ns", "a"), Is.Null);
            Assert.That(harness.Pod("ns", "b"), Is.Null);
            Assert.That(harness.Store.Counts, Is.EqualTo(default(StoredPointCounts)));
        });
    }

    [Test]
    public void Node_that_comes_back_after_removal_starts_over()
    {
        var harness = TwoPodsOnNode1();
        harness.Store.RemoveNode("node1");

        harness.Put(new PayloadBuilder().Node(At(120), CoreSeconds(30), MiB).Pod("ns", "a", C(120, 3)));
        Assert.That(harness.Node("node1"), Is.Null);
        Assert.That(harness.Pod("ns", "a"), Is.Null);

        harness.Put(new PayloadBuilder().Node(At(130), CoreSeconds(40), MiB).Pod("ns", "a", C(130, 4)));
        Assert.That(harness.Node("node1")?.Cpu, Is.EqualTo("1"));
        Assert.That(harness.Pod("ns", "a")?.Containers[0].Cpu, Is.EqualTo("100m"));
    }

    [Test]
    public void Removed_pod_is_gone_at_once_and_the_rest_of_its_node_stays()
    {
        var harness = TwoPodsOnNode1();

        harness.Store.RemovePod("ns", "a");

        Assert.Multiple(() =>
        {
            Assert.That(harness.Pod("ns", "a"), Is.Null);
            Assert.That(harness.Pod("ns", "b")?.Containers[0].Cpu, Is.EqualTo("200m"));
            Assert.That(harness.Node("node1")?.Cpu, Is.EqualTo("1"));
            Assert.That(harness.Store.Counts, Is.EqualTo(new StoredPointCounts(Pods: 1, PodsWithPrev: 1, ContainersWithPrev: 1, NodesWithPrev: 1)));
        });
    }

    [Test]
    public void Removed_pod_still_reported_by_its_kubelet_starts_over()
    {
        var harness = TwoPodsOnNode1();
        harness.Store.RemovePod("ns", "a");

        harness.Put(new PayloadBuilder().Pod("ns", "a", C(120, 3)).Pod("ns", "b", C(120, 4)));
        Assert.That(harness.Pod("ns", "a"), Is.Null);
        Assert.That(harness.Pod("ns", "b"), Is.Not.Null);

        harness.Put(new PayloadBuilder().Pod("ns", "a", C(130, 4)).Pod("ns", "b", C(130, 5)));
        Assert.That(harness.Pod("ns", "a")?.Containers[0].Cpu, Is.EqualTo("100m"));
    }

    [Test]
    public void Removing_unknown_things_is_harmless()
    {
        var harness = TwoPodsOnNode1();
        harness.Store.RemovePod("ns", "nope");
        harness.Store.RemovePod("other", "a");
        harness.Store.RemoveNode("node9");

        Assert.That(harness.Pod("ns", "a"), Is.Not.Null);
        Assert.That(harness.Store.Counts.Pods, Is.EqualTo(2));
    }

    [Test]
    public void Pod_that_moves_to_another_node_is_served_from_the_new_node()
    {
        var harness = TwoPodsOnNode1();

        harness.Put(new PayloadBuilder().Pod("ns", "a", C(120, 50, "new")), "node2");
        harness.Put(new PayloadBuilder().Pod("ns", "a", C(130, 60, "new")), "node2");
        Assert.That(harness.Pod("ns", "a")?.Containers[0], Is.EqualTo(new ServedContainer("new", "1", "1Mi")));

        harness.Put(new PayloadBuilder().Pod("ns", "b", C(120, 4)));
        Assert.That(harness.Pod("ns", "a")?.Containers[0].Name, Is.EqualTo("new"), "the old node dropping it leaves the new node's entry");

        using var view = harness.Store.OpenView();
        var pods = new List<PodUsage>();
        view.CollectPods("ns", pods);
        Assert.That(pods.Select(p => p.Name), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void Pod_reported_by_two_nodes_at_once_is_listed_once_from_the_node_that_took_it_last()
    {
        var harness = TwoPodsOnNode1();
        harness.Put(new PayloadBuilder().Pod("ns", "a", C(120, 50, "new")), "node2");
        harness.Put(new PayloadBuilder().Pod("ns", "a", C(130, 60, "new")), "node2");
        harness.Put(new PayloadBuilder().Pod("ns", "a", C(120, 3)).Pod("ns", "b", C(120, 4)));

        using var view = harness.Store.OpenView();
        var pods = new List<PodUsage>();
        view.CollectPods(null, pods);
        Assert.That(pods, Has.Count.EqualTo(2));
        Assert.That(pods[0].Containers[0].Name, Is.EqualTo("new"));
        Assert.That(view.TryGetPod("ns", "a", out var direct), Is.True);
        Assert.That(direct.Containers[0].Name, Is.EqualTo("new"));
    }
}
