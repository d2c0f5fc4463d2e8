using MetricsOperator.Storage;
using static MetricsOperator.Tests.Storage.PayloadBuilder;

namespace MetricsOperator.Tests.Storage;

public sealed class ReadViewTests
{
    private static ContainerPoint C(double at, double coreSeconds, string name = "c") => new(name, At(at), At(0), CoreSeconds(coreSeconds), 1 * MiB);

    private static PayloadBuilder Round(double at, double coreSeconds, params (string Namespace, string Name)[] pods)
    {
        var payload = new PayloadBuilder().Node(At(at), CoreSeconds(coreSeconds), MiB);
        foreach (var (podNamespace, name) in pods)
        {
            payload.Pod(podNamespace, name, C(at, coreSeconds));
        }

        return payload;
    }

    [Test]
    public void Lists_servable_nodes_in_name_order()
    {
        var harness = new StoreHarness();
        foreach (var node in new[] { "zeta", "alpha", "mid", "unready" })
        {
            harness.Put(Round(100, 1), node);
            if (node != "unready")
            {
                harness.Put(Round(110, 2), node);
            }
        }

        using var view = harness.Store.OpenView();
        var nodes = new List<NodeUsage>();
        view.CollectNodes(nodes);
        Assert.That(nodes.Select(n => n.Name), Is.EqualTo(new[] { "alpha", "mid", "zeta" }));
    }

    [Test]
    public void Lists_pods_by_namespace_then_name_across_nodes()
    {
        var harness = new StoreHarness();
        var node1Pods = new[] { ("kube-system", "coredns"), ("b", "y"), ("a", "z") };
        var node2Pods = new[] { ("b", "x"), ("a", "a") };
        harness.Put(Round(100, 1, node1Pods), "node1").Put(Round(110, 2, node1Pods), "node1");
        harness.Put(Round(100, 1, node2Pods), "node2").Put(Round(110, 2, node2Pods), "node2");

        using var view = harness.Store.OpenView();
        var all = new List<PodUsage>();
        view.CollectPods(null, all);
        var inB = new List<PodUsage>();
        view.CollectPods("b", inB);

        Assert.That(all.Select(p => $"{p.Namespace}/{p.Name}"), Is.EqualTo(new[] { "a/a", "a/z", "b/x", "b/y", "kube-system/coredns" }));
        Assert.That(inB.Select(p => p.Name), Is.EqualTo(new[] { "x", "y" }));
    }

    [Test]
    public void Pods_are_found_whatever_order_one_view_looks_them_up_in()
    {
        var harness = new StoreHarness();
        var pods = Enumerable.Range(0, 12).Select(i => (i % 3 == 0 ? "b" : "a", $"pod-{i:D2}")).ToArray();
        harness.Put(Round(100, 1, pods)).Put(Round(110, 2, pods));
        var orders = new[]
        {
            pods,
            pods.Reverse().ToArray(),
            pods.OrderBy(p => p.Item1, StringComparer.Ordinal).ThenBy(p => p.Item2, StringComparer.Ordinal).ToArray(),
            [pods[5], pods[5], pods[0], pods[11], pods[6], pods[6], pods[1]],
        };

        using var view = harness.Store.OpenView();
        foreach (var order in orders)
        {
            foreach (var (podNamespace, name) in order)
            {
                Assert.That(view.TryGetPod(podNamespace, name, out var usage), Is.True, $"{podNamespace}/{name}");
                Assert.That((usage.Namespace, usage.Name), Is.EqualTo((podNamespace, name)));
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(view.TryGetPod("a", "pod-00", out _), Is.False, "pod-00 is in b");
            Assert.That(view.TryGetPod("b", "missing", out _), Is.False);
        });
    }

    [Test]
    public void Open_view_keeps_reading_the_tables_it_pinned_while_writers_move_on()
    {
        var harness = new StoreHarness();
        harness.Put(Round(100, 1, ("ns", "p"))).Put(Round(110, 2, ("ns", "p")));

        using var view = harness.Store.OpenView();
        Assert.That(view.TryGetPod("ns", "p", out var before), Is.True);

        harness.Put(Round(120, 4, ("ns", "p"))).Put(Round(130, 7, ("ns", "p"))).Put(Round(140, 11, ("ns", "p")));

        Assert.That(view.TryGetPod("ns", "p", out var again), Is.True);
        Assert.That(again.Measured, Is.EqualTo(before.Measured));
        Assert.That(before.Containers[0].Usage.CpuNanoCores, Is.EqualTo(100_000_000UL));

        using var fresh = harness.Store.OpenView();
        Assert.That(fresh.TryGetPod("ns", "p", out var now), Is.True);
        Assert.That(now.Containers[0].Usage.CpuNanoCores, Is.EqualTo(400_000_000UL));
    }

    [Test]
    public void Pod_usage_refuses_to_read_after_its_view_was_disposed()
    {
        var harness = new StoreHarness();
        harness.Put(Round(100, 1, ("ns", "p"))).Put(Round(110, 2, ("ns", "p")));

        PodUsage usage;
        using (var view = harness.Store.OpenView())
        {
            Assert.That(view.TryGetPod("ns", "p", out usage), Is.True);
        }

        Assert.Throws<ObjectDisposedException>(() => _ = usage.Containers[0]);
    }

    [Test]
    public void Disposed_view_refuses_lookups_and_a_new_view_works()
    {
        var harness = new StoreHarness();
        var view = harness.Store.OpenView();
        view.Dispose();
        view.Dispose();

        Assert.Throws<ObjectDisposedException>(() => view.TryGetNode("node1", out _));
        using var next = harness.Store.OpenView();
        Assert.That(next.TryGetNode("node1", out _), Is.False);
    }

    [Test]
    public void Pod_total_sums_its_containers()
    {
        var harness = new StoreHarness();
        harness.Put(new PayloadBuilder().Pod("ns", "p", C(100, 1, "x"), C(100, 1, "y")));
        harness.Put(new PayloadBuilder().Pod("ns", "p", C(110, 2, "x"), C(110, 3, "y")));

        using var view = harness.Store.OpenView();
        Assert.That(view.TryGetPod("ns", "p", out var usage), Is.True);
        Assert.That(usage.Total, Is.EqualTo(new ResourceUsage(300_000_000, 2 * MiB, 0, HasSwap: false)));
    }
}
