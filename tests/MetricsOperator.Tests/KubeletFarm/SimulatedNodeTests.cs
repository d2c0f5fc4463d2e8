using System.Net;
using MetricsOperator.KubeletFarm;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.KubeletFarm;

[TestFixture]
internal sealed class SimulatedNodeTests
{
    private static readonly TimeSpan Resolution = TimeSpan.FromSeconds(15);

    [Test]
    public void Expected_usage_equals_counter_deltas_between_two_scrapes()
    {
        var clock = new FakeTimeProvider(FarmTestNodes.Epoch);
        var node = FarmTestNodes.Generated(clock, new WorkloadShape { PodsPerNode = 20, ContainersPerPod = 3, Seed = 7 });

        var first = Scrape(node);
        clock.Advance(Resolution);
        var second = Scrape(node);

        Assert.Multiple(() =>
        {
            foreach (var pod in node.Pods)
            {
                foreach (var container in pod.Containers)
                {
                    var key = $"{container.Name}/{pod.Namespace}/{pod.Name}";
                    var expected = node.ExpectedContainerUsage(pod.Namespace, pod.Name, container.Name);
                    Assert.That(Rate(first, second, "container_cpu_usage_seconds_total", key), Is.EqualTo(expected.NanoCores).Within(1), key);
                    Assert.That(second[("container_memory_working_set_bytes", key)].Value, Is.EqualTo(expected.MemoryBytes), key);
                }

                var podKey = $"{pod.Namespace}/{pod.Name}";
                var podUsage = node.ExpectedPodUsage(pod.Namespace, pod.Name);
                Assert.That(Rate(first, second, "pod_cpu_usage_seconds_total", podKey), Is.EqualTo(podUsage.NanoCores).Within(1), podKey);
                Assert.That(second[("pod_memory_working_set_bytes", podKey)].Value, Is.EqualTo(podUsage.MemoryBytes), podKey);
            }

            var nodeUsage = node.ExpectedNodeUsage();
            Assert.That(Rate(first, second, "node_cpu_usage_seconds_total", string.Empty), Is.EqualTo(nodeUsage.NanoCores).Within(1));
            Assert.That(second[("node_memory_working_set_bytes", string.Empty)].Value, Is.EqualTo(nodeUsage.MemoryBytes));
        });
    }

    [Test]
    public void Pod_and_node_usage_are_the_sums_of_what_runs_inside()
    {
        var node = FarmTestNodes.Generated(new FakeTimeProvider(FarmTestNodes.Epoch));
        var shape = new WorkloadShape();

        var podSum = node.Pods.Aggregate(default(ResourceUsage), (sum, pod) => sum + pod.Usage);

        Assert.That(node.ExpectedNodeUsage(), Is.EqualTo(podSum + shape.NodeOverhead));
        foreach (var pod in node.Pods)
        {
            Assert.That(pod.Usage, Is.EqualTo(pod.Containers.Aggregate(default(ResourceUsage), (sum, c) => sum + c.Usage)));
        }
    }

    [Test]
    public void Timestamps_follow_the_clock_with_a_bounded_lag()
    {
        var clock = new FakeTimeProvider(FarmTestNodes.Epoch);
        var node = FarmTestNodes.Generated(clock, new WorkloadShape { SampleTimestampSpread = TimeSpan.FromSeconds(10) });
        clock.Advance(TimeSpan.FromMinutes(3));
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();

        var stamps = Scrape(node).Values.Where(s => s.TimestampMs is not null).Select(s => s.TimestampMs!.Value).ToList();

        Assert.That(stamps, Is.All.InRange(now - 10_000, now));
        Assert.That(stamps.Distinct().Count(), Is.GreaterThan(10), "lags differ per series");
    }

    [Test]
    public void Changing_a_container_usage_changes_the_rate_from_then_on()
    {
        var clock = new FakeTimeProvider(FarmTestNodes.Epoch);
        var node = FarmTestNodes.TwoPods(clock);
        var before = node.ExpectedNodeUsage();

        node.SetContainerUsage("default", "web-7d4b9c-abcde", "app", new ResourceUsage(200_000_000, 1L << 30));
        var first = Scrape(node);
        clock.Advance(Resolution);
        var second = Scrape(node);

        Assert.That(Rate(first, second, "container_cpu_usage_seconds_total", "app/default/web-7d4b9c-abcde"), Is.EqualTo(200_000_000).Within(1));
        Assert.That(node.ExpectedPodUsage("default", "web-7d4b9c-abcde"), Is.EqualTo(new ResourceUsage(201_234_567, (1L << 30) + 31457280)));
        Assert.That(node.ExpectedNodeUsage().NanoCores, Is.EqualTo(before.NanoCores + 150_000_000));
        Assert.That(Rate(first, second, "node_cpu_usage_seconds_total", string.Empty), Is.EqualTo(node.ExpectedNodeUsage().NanoCores).Within(1));
    }

    [Test]
    public void Restarting_a_container_moves_its_start_time_and_resets_its_counter()
    {
        var clock = new FakeTimeProvider(FarmTestNodes.Epoch);
        var node = FarmTestNodes.TwoPods(clock);
        var before = Scrape(node);
        clock.Advance(TimeSpan.FromSeconds(5));

        node.RestartContainer("kube-system", "coredns-558bd4d5db-4dpjz", "coredns");
        clock.Advance(Resolution);
        var after = Scrape(node);

        const string Key = "coredns/kube-system/coredns-558bd4d5db-4dpjz";
        Assert.That(after[("container_start_time_seconds", Key)].Value, Is.EqualTo(FarmTestNodes.Epoch.AddSeconds(5).ToUnixTimeSeconds()));
        Assert.That(after[("container_cpu_usage_seconds_total", Key)].Value, Is.EqualTo(0.06), "4m × 15 s since the restart");
        Assert.That(after[("container_cpu_usage_seconds_total", Key)].Value, Is.LessThan(before[("container_cpu_usage_seconds_total", Key)].Value));
        Assert.That(node.Pods.Single(p => p.Name.StartsWith("coredns", StringComparison.Ordinal)).Containers[0].RestartCount, Is.EqualTo(1));
        Assert.That(
            after[("pod_cpu_usage_seconds_total", "kube-system/coredns-558bd4d5db-4dpjz")].Value,
            Is.GreaterThan(before[("pod_cpu_usage_seconds_total", "kube-system/coredns-558bd4d5db-4dpjz")].Value),
            "the pod's cgroup counter survives a container restart");
    }

    [Test]
    public void Pods_can_be_added_and_removed()
    {
        var clock = new FakeTimeProvider(FarmTestNodes.Epoch);
        var node = FarmTestNodes.Generated(clock, new WorkloadShape { PodsPerNode = 3 });
        var baseline = node.ExpectedNodeUsage();

        var added = node.AddPod();
        Assert.That(node.Pods, Has.Count.EqualTo(4));
        Assert.That(node.ExpectedNodeUsage(), Is.EqualTo(baseline + added.Usage));
        Assert.That(Scrape(node).Keys, Has.Member(("pod_cpu_usage_seconds_total", $"{added.Namespace}/{added.Name}")));
        Assert.That(added.StartTime, Is.EqualTo(clock.GetUtcNow()));

        Assert.That(node.RemovePod(added.Namespace, added.Name), Is.True);
        Assert.That(node.RemovePod(added.Namespace, added.Name), Is.False);
        Assert.That(node.Pods, Has.Count.EqualTo(3));
        Assert.That(node.ExpectedNodeUsage(), Is.EqualTo(baseline));
        Assert.That(Scrape(node).Keys, Has.No.Member(("pod_cpu_usage_seconds_total", $"{added.Namespace}/{added.Name}")));
    }

    [Test]
    public void Unknown_pods_and_duplicate_names_are_refused_with_the_name()
    {
        var node = FarmTestNodes.TwoPods(new FakeTimeProvider(FarmTestNodes.Epoch));

        Assert.That(() => node.ExpectedPodUsage("default", "nope"), Throws.TypeOf<KeyNotFoundException>().With.Message.Contains("default/nope"));
        Assert.That(() => node.RestartContainer("default", "web-7d4b9c-abcde", "nope"), Throws.TypeOf<KeyNotFoundException>().With.Message.Contains("nope"));
        Assert.That(
            () => node.AddPod(new PodTemplate("default", "web-7d4b9c-abcde", [new ContainerTemplate("x", default)])),
            Throws.InvalidOperationException.With.Message.Contains("already runs"));
        Assert.That(
            () => node.AddPod(new PodTemplate("default", "twice", [new ContainerTemplate("x", default), new ContainerTemplate("x", default)])),
            Throws.ArgumentException.With.Message.Contains("twice"));
    }

    [Test]
    public void Generated_names_have_kubernetes_shapes_and_are_deterministic()
    {
        var shape = new WorkloadShape { PodsPerNode = 110, ContainersPerPod = 3, Seed = 42 };
        var clock = new FakeTimeProvider(FarmTestNodes.Epoch);
        var node = FarmTestNodes.Generated(clock, shape, index: 3);
        var again = FarmTestNodes.Generated(clock, shape, index: 3);
        var other = FarmTestNodes.Generated(clock, shape, index: 4);

        Assert.That(node.Pods.Select(p => p.Namespace), Is.All.Length.InRange(7, 15));
        Assert.That(node.Pods.Select(p => p.Name), Is.All.Length.InRange(30, 50));
        Assert.That(node.Pods.SelectMany(p => p.Containers).Select(c => c.Name), Has.Some.EqualTo("istio-proxy"));
        Assert.That(node.Pods.Select(p => p.Name), Is.All.Match("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
        Assert.That(node.Pods.Select(p => p.Containers.Count), Is.All.EqualTo(3));
        Assert.That(node.Pods.Select(p => p.Name), Is.EqualTo(again.Pods.Select(p => p.Name)));
        Assert.That(node.Pods.Select(p => p.Usage), Is.EqualTo(again.Pods.Select(p => p.Usage)));
        Assert.That(node.Pods.Select(p => p.Name).Intersect(other.Pods.Select(p => p.Name)), Is.Empty);
        Assert.That(node.Pods.Select(p => p.Name).Distinct().Count(), Is.EqualTo(110));
    }

    [Test]
    public void Converts_to_a_v1_node_a_scraper_can_resolve()
    {
        var clock = new FakeTimeProvider(FarmTestNodes.Epoch);
        var node = new SimulatedNode("worker-1", IPAddress.Parse("127.11.0.7"), 43210, new WorkloadShape { NodeCpuCores = 8, NodeMemoryBytes = 32L << 30 }, time: clock);
        node.SetLabel("pool", "blue");

        var v1 = node.ToV1Node();

        Assert.That(v1.Metadata.Name, Is.EqualTo("worker-1"));
        Assert.That(v1.Metadata.Labels, Does.ContainKey("kubernetes.io/hostname").WithValue("worker-1").And.ContainKey("pool").WithValue("blue"));
        Assert.That(v1.Status.Addresses.Select(a => (a.Type, a.Address)), Is.EqualTo(new[] { ("InternalIP", "127.11.0.7"), ("Hostname", "worker-1") }));
        Assert.That(v1.Status.DaemonEndpoints.KubeletEndpoint.Port, Is.EqualTo(43210));
        Assert.That(v1.Status.Allocatable["cpu"].ToString(), Is.EqualTo("8"));
        Assert.That(v1.Status.Allocatable["memory"].ToInt64(), Is.EqualTo(32L << 30));
        Assert.That(v1.Status.Conditions.Single(c => c.Type == "Ready").Status, Is.EqualTo("True"));

        node.Ready = false;
        node.SetLabel("pool", null);
        var notReady = node.ToV1Node();
        Assert.That(notReady.Status.Conditions.Single(c => c.Type == "Ready").Status, Is.EqualTo("False"));
        Assert.That(notReady.Metadata.Labels, Does.Not.ContainKey("pool"));
        Assert.That(notReady.Metadata.Uid, Is.EqualTo(v1.Metadata.Uid));
    }

    [Test]
    public void Invalid_shapes_are_refused_with_every_reason()
    {
        var shape = new WorkloadShape { PodsPerNode = -1, ContainersPerPod = 0, MaxContainerNanoCores = 0 };

        Assert.That(
            () => new WorkloadCatalog(shape),
            Throws.ArgumentException.With.Message.Contains("PodsPerNode").And.Message.Contains("ContainersPerPod").And.Message.Contains("MaxContainerNanoCores"));
    }

    [Test]
    public void Faults_are_validated_when_set()
    {
        var node = FarmTestNodes.TwoPods(new FakeTimeProvider(FarmTestNodes.Epoch));

        Assert.That(() => node.Fault = KubeletFault.Delayed(TimeSpan.FromSeconds(-1)), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => node.Fault = KubeletFault.Oversized(0), Throws.TypeOf<ArgumentOutOfRangeException>());
        node.Fault = KubeletFault.ServerError;
        Assert.That(node.Fault, Is.SameAs(KubeletFault.ServerError));
    }

    private static Dictionary<(string Name, string Key), ExpositionSample> Scrape(SimulatedNode node) =>
        ExpositionSample.ParseAll(new KubeletPayloadRenderer().RenderToString(node)).ToDictionary(s => (s.Name, s.Key));

    /// <summary>Nanocores between two scrapes of a counter, computed as metrics-server does from the samples' own timestamps.</summary>
    private static double Rate(
        Dictionary<(string Name, string Key), ExpositionSample> first,
        Dictionary<(string Name, string Key), ExpositionSample> second,
        string name,
        string key)
    {
        var a = first[(name, key)];
        var b = second[(name, key)];
        return (b.Value - a.Value) * 1e9 / ((b.TimestampMs!.Value - a.TimestampMs!.Value) / 1000.0);
    }
}
