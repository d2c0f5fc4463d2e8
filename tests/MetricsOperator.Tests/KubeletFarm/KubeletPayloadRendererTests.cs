using System.Text.RegularExpressions;
using MetricsOperator.KubeletFarm;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.KubeletFarm;

[TestFixture]
internal sealed partial class KubeletPayloadRendererTests
{
    private static readonly string[] FamilyOrder =
    [
        "container_cpu_usage_seconds_total", "container_memory_working_set_bytes", "container_start_time_seconds",
        "container_swap_usage_bytes", "node_cpu_usage_seconds_total", "node_memory_working_set_bytes", "node_swap_usage_bytes",
        "pod_cpu_usage_seconds_total", "pod_memory_working_set_bytes", "pod_swap_usage_bytes", "resource_scrape_error",
    ];

    [Test]
    public void Renders_a_known_node_byte_for_byte()
    {
        var clock = new FakeTimeProvider(FarmTestNodes.Epoch);
        var node = FarmTestNodes.TwoPods(clock);
        clock.Advance(TimeSpan.FromSeconds(15));

        var text = new KubeletPayloadRenderer().RenderToString(node);

        // Counters: container = rate × 115 s since start; node = 100m × 3,660 s of uptime before the pods + all rates × 15 s.
        const string Expected = """
            # HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the container in core-seconds
            # TYPE container_cpu_usage_seconds_total counter
            container_cpu_usage_seconds_total{container="app",namespace="default",pod="web-7d4b9c-abcde"} 5.75 1714564815000
            container_cpu_usage_seconds_total{container="coredns",namespace="kube-system",pod="coredns-558bd4d5db-4dpjz"} 0.46 1714564815000
            container_cpu_usage_seconds_total{container="istio-proxy",namespace="default",pod="web-7d4b9c-abcde"} 0.141975205 1714564815000
            # HELP container_memory_working_set_bytes [STABLE] Current working set of the container in bytes
            # TYPE container_memory_working_set_bytes gauge
            container_memory_working_set_bytes{container="app",namespace="default",pod="web-7d4b9c-abcde"} 2.48608768e+09 1714564815000
            container_memory_working_set_bytes{container="coredns",namespace="kube-system",pod="coredns-558bd4d5db-4dpjz"} 1.253376e+07 1714564815000
            container_memory_working_set_bytes{container="istio-proxy",namespace="default",pod="web-7d4b9c-abcde"} 3.145728e+07 1714564815000
            # HELP container_start_time_seconds [STABLE] Start time of the container since unix epoch in seconds
            # TYPE container_start_time_seconds gauge
            container_start_time_seconds{container="app",namespace="default",pod="web-7d4b9c-abcde"} 1.7145647e+09
            container_start_time_seconds{container="coredns",namespace="kube-system",pod="coredns-558bd4d5db-4dpjz"} 1.7145647e+09
            container_start_time_seconds{container="istio-proxy",namespace="default",pod="web-7d4b9c-abcde"} 1.7145647e+09
            # HELP container_swap_usage_bytes [ALPHA] Current amount of the container swap usage in bytes. Reported only on non-windows systems
            # TYPE container_swap_usage_bytes gauge
            container_swap_usage_bytes{container="app",namespace="default",pod="web-7d4b9c-abcde"} 0 1714564815000
            container_swap_usage_bytes{container="coredns",namespace="kube-system",pod="coredns-558bd4d5db-4dpjz"} 0 1714564815000
            container_swap_usage_bytes{container="istio-proxy",namespace="default",pod="web-7d4b9c-abcde"} 0 1714564815000
            # HELP node_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the node in core-seconds
            # TYPE node_cpu_usage_seconds_total counter
            node_cpu_usage_seconds_total 368.328518505 1714564815000
            # HELP node_memory_working_set_bytes [STABLE] Current working set of the node in bytes
            # TYPE node_memory_working_set_bytes gauge
            node_memory_working_set_bytes 3.603820544e+09 1714564815000
            # HELP node_swap_usage_bytes [ALPHA] Current swap usage of the node in bytes. Reported only on non-windows systems
            # TYPE node_swap_usage_bytes gauge
            node_swap_usage_bytes 0 1714564815000
            # HELP pod_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the pod in core-seconds
            # TYPE pod_cpu_usage_seconds_total counter
            pod_cpu_usage_seconds_total{namespace="default",pod="web-7d4b9c-abcde"} 5.891975205 1714564815000
            pod_cpu_usage_seconds_total{namespace="kube-system",pod="coredns-558bd4d5db-4dpjz"} 0.46 1714564815000
            # HELP pod_memory_working_set_bytes [STABLE] Current working set of the pod in bytes
            # TYPE pod_memory_working_set_bytes gauge
            pod_memory_working_set_bytes{namespace="default",pod="web-7d4b9c-abcde"} 2.51754496e+09 1714564815000
            pod_memory_working_set_bytes{namespace="kube-system",pod="coredns-558bd4d5db-4dpjz"} 1.253376e+07 1714564815000
            # HELP pod_swap_usage_bytes [ALPHA] Current amount of the pod swap usage in bytes. Reported only on non-windows systems
            # TYPE pod_swap_usage_bytes gauge
            pod_swap_usage_bytes{namespace="default",pod="web-7d4b9c-abcde"} 0 1714564815000
            pod_swap_usage_bytes{namespace="kube-system",pod="coredns-558bd4d5db-4dpjz"} 0 1714564815000
            # HELP resource_scrape_error [STABLE] 1 if there was an error while getting container metrics, 0 otherwise
            # TYPE resource_scrape_error gauge
            resource_scrape_error 0

            """;
        Assert.That(text, Is.EqualTo(Expected));
    }

    [Test]
    public void A_generated_node_has_the_kubelet_layout_and_size()
    {
        var node = FarmTestNodes.Generated(new FakeTimeProvider(FarmTestNodes.Epoch));

        var text = new KubeletPayloadRenderer().RenderToString(node);
        var lines = text.TrimEnd('\n').Split('\n');

        // 30 pods × 2 containers: 11 families × (HELP + TYPE) + 60 × 4 container lines + 3 node lines + 30 × 3 pod lines + 1.
        Assert.That(lines, Has.Length.EqualTo(356));
        Assert.That(text, Has.Length.InRange(40_000, 55_000), "§2.3 measured ~45.7 KB for this shape");
        var families = lines.Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        Assert.That(families, Is.EqualTo(FamilyOrder));
        var helps = lines.Where(l => l.StartsWith("# HELP ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        Assert.That(helps, Is.EqualTo(FamilyOrder));
        Assert.Multiple(() =>
        {
            foreach (var line in lines.Where(l => l[0] != '#'))
            {
                Assert.That(line, Does.Match(SampleShape()), line);
            }
        });
    }

    [Test]
    public void Samples_are_sorted_by_label_values_in_label_name_order()
    {
        var node = FarmTestNodes.Generated(new FakeTimeProvider(FarmTestNodes.Epoch), new WorkloadShape { PodsPerNode = 40, ContainersPerPod = 3 });
        var samples = ExpositionSample.ParseAll(new KubeletPayloadRenderer().RenderToString(node));

        foreach (var family in samples.GroupBy(s => s.Name).Where(g => g.First().Labels.Count > 0))
        {
            var keys = family.Select(s => s.Labels.Select(l => l.Value).ToArray()).ToList();
            var sorted = keys.Order(Comparer<string[]>.Create(CompareOrdinally)).ToList();
            Assert.That(keys, Is.EqualTo(sorted), family.Key);
            Assert.That(family.First().Labels.Select(l => l.Key), Is.EqualTo(family.Key.StartsWith("pod_", StringComparison.Ordinal)
                ? new[] { "namespace", "pod" }
                : ["container", "namespace", "pod"]));
        }
    }

    [Test]
    public void Start_times_carry_no_timestamp_unless_the_pre_1_29_layout_is_asked_for()
    {
        var clock = new FakeTimeProvider(FarmTestNodes.Epoch);
        var node = FarmTestNodes.TwoPods(clock);

        var current = StartTimes(new KubeletPayloadRenderer().RenderToString(node));
        var legacy = StartTimes(new KubeletPayloadRenderer(new KubeletPayloadFormat { StartTimeWithTimestamp = true }).RenderToString(node));

        Assert.That(current.Select(s => s.TimestampMs), Is.All.Null);
        Assert.That(legacy.Select(s => s.TimestampMs), Is.All.EqualTo(FarmTestNodes.Epoch.AddSeconds(-100).ToUnixTimeMilliseconds()));
    }

    [Test]
    public void Swap_families_can_be_left_out()
    {
        var text = new KubeletPayloadRenderer(new KubeletPayloadFormat { IncludeSwap = false })
            .RenderToString(FarmTestNodes.TwoPods(new FakeTimeProvider(FarmTestNodes.Epoch)));

        Assert.That(text, Does.Not.Contain("swap"));
        Assert.That(text, Does.Contain("container_start_time_seconds"));
    }

    [TestCase(PayloadVariant.ZeroValues, "0")]
    [TestCase(PayloadVariant.NotANumber, "NaN")]
    public void Value_faults_replace_every_cpu_and_memory_value(PayloadVariant variant, string expected)
    {
        var node = FarmTestNodes.TwoPods(new FakeTimeProvider(FarmTestNodes.Epoch));
        var normal = ExpositionSample.ParseAll(new KubeletPayloadRenderer().RenderToString(node));
        var faulted = ExpositionSample.ParseAll(new KubeletPayloadRenderer().RenderToString(node, variant));

        Assert.That(faulted, Has.Count.EqualTo(normal.Count));
        for (var i = 0; i < normal.Count; i++)
        {
            var isUsage = normal[i].Name.Contains("_cpu_", StringComparison.Ordinal) || normal[i].Name.Contains("memory", StringComparison.Ordinal);
            Assert.That(faulted[i].ValueText, Is.EqualTo(isUsage ? expected : normal[i].ValueText), normal[i].Name);
            Assert.That(faulted[i].TimestampMs, Is.EqualTo(normal[i].TimestampMs));
        }
    }

    [Test]
    public void Malformed_body_breaks_only_the_first_sample_line()
    {
        var node = FarmTestNodes.TwoPods(new FakeTimeProvider(FarmTestNodes.Epoch));
        var normal = new KubeletPayloadRenderer().RenderToString(node).Split('\n');
        var broken = new KubeletPayloadRenderer().RenderToString(node, PayloadVariant.Malformed).Split('\n');

        Assert.That(broken[2], Is.EqualTo(normal[2].Replace("}", string.Empty, StringComparison.Ordinal)));
        Assert.That(() => ExpositionSample.Parse(broken[2]), Throws.TypeOf<FormatException>());
        Assert.That(broken.Where((_, i) => i != 2), Is.EqualTo(normal.Where((_, i) => i != 2)));
    }

    [Test]
    public void Malformed_body_without_containers_opens_an_unclosed_label_set()
    {
        var node = FarmTestNodes.Empty(new FakeTimeProvider(FarmTestNodes.Epoch));

        var broken = new KubeletPayloadRenderer().RenderToString(node, PayloadVariant.Malformed).Split('\n');

        Assert.That(broken[2], Does.StartWith("node_cpu_usage_seconds_total{ "));
    }

    [Test]
    public void A_node_without_pods_renders_only_node_families()
    {
        var text = new KubeletPayloadRenderer().RenderToString(FarmTestNodes.Empty(new FakeTimeProvider(FarmTestNodes.Epoch)));

        Assert.That(text, Does.Not.Contain("container_").And.Not.Contain("pod_"));
        Assert.That(text, Does.Contain("node_cpu_usage_seconds_total 366 "));
    }

    [Test]
    public void Padded_body_is_valid_text_of_exactly_the_requested_size()
    {
        var node = FarmTestNodes.TwoPods(new FakeTimeProvider(FarmTestNodes.Epoch));
        var renderer = new KubeletPayloadRenderer();
        var normal = renderer.RenderToString(node);
        using var buffer = new PooledByteBuffer(1024);

        renderer.RenderPadded(node, 11 << 20, buffer);

        Assert.That(buffer.Length, Is.EqualTo(11 << 20));
        var text = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.That(text, Does.StartWith(normal));
        Assert.That(text[normal.Length..].Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.All.StartsWith("#"));
        Assert.That(text, Does.EndWith("\n"));
    }

    [Test]
    public void Rendering_again_into_a_warm_buffer_allocates_nothing()
    {
        var node = FarmTestNodes.Generated(new FakeTimeProvider(FarmTestNodes.Epoch));
        var renderer = new KubeletPayloadRenderer();
        using var buffer = new PooledByteBuffer(64 * 1024);
        renderer.Render(node, buffer);

        buffer.Clear();
        var before = GC.GetAllocatedBytesForCurrentThread();
        renderer.Render(node, buffer);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
    }

    private static List<ExpositionSample> StartTimes(string text) =>
        ExpositionSample.ParseAll(text).Where(s => s.Name == "container_start_time_seconds").ToList();

    private static int CompareOrdinally(string[] left, string[] right)
    {
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            var order = string.CompareOrdinal(left[i], right[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return left.Length.CompareTo(right.Length);
    }

    [GeneratedRegex("""^[a-z_]+(\{container="[a-z0-9-]+",namespace="[a-z0-9-]+",pod="[a-z0-9-]+"\}|\{namespace="[a-z0-9-]+",pod="[a-z0-9-]+"\})? (0|[0-9]+(\.[0-9]+)?(e[+-][0-9]{2,3})?)( [0-9]{13})?$""")]
    private static partial Regex SampleShape();
}
