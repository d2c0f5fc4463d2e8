using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Scraping.Decoding;

/// <summary>Units, timestamps, validity and drop reasons, with the line each drop points at.</summary>
[TestFixture]
internal sealed class KubeletPayloadDecoderSemanticsTests
{
    private const string Node = "node_cpu_usage_seconds_total 2 1000\nnode_memory_working_set_bytes 3 1000\n";

    private static string Series(string family, string pod, string container, string value, string? timestamp = null, string podNamespace = "ns") =>
        $"{family}{{container=\"{container}\",namespace=\"{podNamespace}\",pod=\"{pod}\"}} {value}{(timestamp is null ? string.Empty : " " + timestamp)}\n";

    private static string Cpu(string pod, string container, string value, string? timestamp = null, string podNamespace = "ns") =>
        Series("container_cpu_usage_seconds_total", pod, container, value, timestamp, podNamespace);

    private static string Memory(string pod, string container, string value, string? timestamp = null, string podNamespace = "ns") =>
        Series("container_memory_working_set_bytes", pod, container, value, timestamp, podNamespace);

    [Test]
    public void ConvertsUnitsTruncatingLikeGo()
    {
        var result = DecodeResult.Of(
            Cpu("p", "c", "1.027602", "1633253812125") + Memory("p", "c", "1.2533760999e+07", "1633253812125") +
            Series("container_start_time_seconds", "p", "c", "1.633252712e+9", "1633253812125"));

        Assert.That(result.Pods.Single().Single, Is.EqualTo(new ContainerView(
            "c", 1_633_253_812_125_000_000, 1_027_601_999, 12_533_760, 1_633_252_712_000_000_000, null)));
    }

    [Test]
    public void SamplesWithoutTimestampGetTheDefaultTime()
    {
        var result = DecodeResult.Of(Node.Replace(" 1000", string.Empty, StringComparison.Ordinal) + Cpu("p", "c", "1") + Memory("p", "c", "1"), 123_456);

        Assert.That(result.Node?.TimestampUnixNano, Is.EqualTo(123_456));
        Assert.That(result.Pods.Single().Single.TimestampUnixNano, Is.EqualTo(123_456));
    }

    [Test]
    public void TheLaterOfCpuAndMemoryStampsThePointAndStartTimeDoesNot()
    {
        var result = DecodeResult.Of(
            "node_memory_working_set_bytes 3 5000\nnode_cpu_usage_seconds_total 2 4000\n" +
            Memory("p", "c", "1", "1000") + Cpu("p", "c", "1", "2000") + Series("container_start_time_seconds", "p", "c", "1", "3000"));

        Assert.That(result.Node?.TimestampUnixNano, Is.EqualTo(4_000_000_000), "cpu came last");
        Assert.That(result.Pods.Single().Single.TimestampUnixNano, Is.EqualTo(2_000_000_000), "cpu came last, start time ignored");
    }

    [Test]
    public void ARepeatedSeriesOverwritesTheEarlierOne()
    {
        var result = DecodeResult.Of(Cpu("p", "c", "0") + Memory("p", "c", "1") + Cpu("p", "c", "5"));

        Assert.That(result.Pods.Single().Single.Cpu, Is.EqualTo(5_000_000_000));
    }

    [TestCase("node_cpu_usage_seconds_total 0 1000\nnode_memory_working_set_bytes 3 1000\n", DropReason.ZeroCpu, 1)]
    [TestCase("node_cpu_usage_seconds_total 1e-10 1000\nnode_memory_working_set_bytes 3 1000\n", DropReason.ZeroCpu, 1)]
    [TestCase("node_cpu_usage_seconds_total 1 1000\nnode_memory_working_set_bytes 0.5 1000\n", DropReason.ZeroMemory, 2)]
    [TestCase("# x\nnode_memory_working_set_bytes 3 1000\n", DropReason.MissingCpu, 2)]
    [TestCase("node_cpu_usage_seconds_total 1 1000\n", DropReason.MissingMemory, 1)]
    [TestCase("node_cpu_usage_seconds_total NaN 1000\nnode_memory_working_set_bytes 3 1000\n", DropReason.NotANumber, 1)]
    [TestCase("node_cpu_usage_seconds_total 1 1000\nnode_memory_working_set_bytes +Inf 1000\n", DropReason.NotANumber, 2)]
    [TestCase("node_cpu_usage_seconds_total -inf 1000\nnode_memory_working_set_bytes 3 1000\n", DropReason.NotANumber, 1)]
    [TestCase("node_cpu_usage_seconds_total 1e400 1000\nnode_memory_working_set_bytes 3 1000\n", DropReason.NotANumber, 1)]
    [TestCase("node_cpu_usage_seconds_total -1 1000\nnode_memory_working_set_bytes 3 1000\n", DropReason.NegativeValue, 1)]
    [TestCase("node_cpu_usage_seconds_total 1 1000\nnode_memory_working_set_bytes -3 1000\n", DropReason.NegativeValue, 2)]
    [TestCase("node_swap_usage_bytes 1 1000\n", DropReason.MissingCpu, 1)]
    public void DropsAnUnusableNodeWithItsReason(string payload, DropReason reason, int line)
    {
        var result = DecodeResult.Of(payload);

        Assert.That(result.Ok, Is.True, result.Error.ToString);
        Assert.That(result.Node, Is.Null);
        Assert.That(result.Dropped, Is.EqualTo(new[] { new DropView(DroppedKind.Node, reason, string.Empty, string.Empty, string.Empty, line) }));
    }

    [Test]
    public void NoNodeSeriesAtAllIsNotADrop()
    {
        var result = DecodeResult.Of(Cpu("p", "c", "1") + Memory("p", "c", "1"));

        Assert.That(result.Node, Is.Null);
        Assert.That(result.Dropped, Is.Empty);
    }

    [TestCase("0", "1", DropReason.ZeroCpu, 2)]
    [TestCase("1", "0", DropReason.ZeroMemory, 3)]
    [TestCase("NaN", "1", DropReason.NotANumber, 2)]
    [TestCase("1", "-Inf", DropReason.NotANumber, 3)]
    [TestCase("-0.5", "1", DropReason.NegativeValue, 2)]
    [TestCase("1", "-1", DropReason.NegativeValue, 3)]
    public void DropsTheWholePodWhenOneContainerIsUnusable(string cpu, string memory, DropReason reason, int line)
    {
        var result = DecodeResult.Of(
            Cpu("p", "a", "1") + Cpu("p", "b", cpu) + Memory("p", "b", memory) + Memory("p", "a", "1") +
            Cpu("q", "c", "1") + Memory("q", "c", "1"));

        Assert.That(result.Pods.Select(p => p.Name), Is.EqualTo(new[] { "q" }));
        Assert.That(result.Dropped, Is.EqualTo(new[]
        {
            new DropView(DroppedKind.Container, DropReason.SiblingContainerDropped, "ns", "p", "a", 1),
            new DropView(DroppedKind.Container, reason, "ns", "p", "b", line),
        }));
    }

    [Test]
    public void AContainerWithOnlyAStartTimeDropsItsPod()
    {
        var result = DecodeResult.Of(
            Cpu("p", "a", "1") + Memory("p", "a", "1") + Series("container_start_time_seconds", "p", "b", "1"));

        Assert.That(result.Pods, Is.Empty);
        Assert.That(result.Dropped, Is.EqualTo(new[]
        {
            new DropView(DroppedKind.Container, DropReason.SiblingContainerDropped, "ns", "p", "a", 1),
            new DropView(DroppedKind.Container, DropReason.MissingCpu, "ns", "p", "b", 3),
        }));
    }

    [Test]
    public void ReportsAMissingMemorySampleAtTheContainersFirstLine()
    {
        var result = DecodeResult.Of("# c\n" + Cpu("p", "a", "1"));

        Assert.That(result.Dropped, Is.EqualTo(new[] { new DropView(DroppedKind.Container, DropReason.MissingMemory, "ns", "p", "a", 2) }));
    }

    [TestCase("{namespace=\"ns\",pod=\"p\"}", "ns", "p", "")]
    [TestCase("{container=\"c\",pod=\"p\"}", "", "p", "c")]
    [TestCase("{container=\"c\",namespace=\"n\\\"s\"}", "n\"s", "", "c")]
    [TestCase("{container=\"\",namespace=\"ns\",pod=\"p\"}", "ns", "p", "")]
    [TestCase("", "", "", "")]
    [TestCase("{}", "", "", "")]
    public void SkipsAContainerSeriesWithoutItsKeyLabels(string labels, string podNamespace, string pod, string container)
    {
        var result = DecodeResult.Of(Node + "container_memory_working_set_bytes" + labels + " 5 1000\n");

        Assert.That(result.Ok, Is.True, result.Error.ToString);
        Assert.That(result.Node, Is.Not.Null);
        Assert.That(result.Pods, Is.Empty);
        Assert.That(result.Dropped, Is.EqualTo(new[] { new DropView(DroppedKind.Series, DropReason.MissingLabels, podNamespace, pod, container, 3) }));
    }

    [Test]
    public void SkipsAContainerSeriesWhoseLabelsAreNotUtf8()
    {
        var prefix = "container_cpu_usage_seconds_total{container=\"c\",namespace=\"ns\",pod=\""u8.ToArray();
        byte[] payload = [.. prefix, 0xC3, 0x28, .. "\"} 1\n"u8.ToArray(), .. System.Text.Encoding.UTF8.GetBytes(Node)];

        var result = DecodeResult.Of(payload);

        Assert.That(result.Ok, Is.True, result.Error.ToString);
        Assert.That(result.Dropped, Is.EqualTo(new[] { new DropView(DroppedKind.Series, DropReason.InvalidLabelValue, "ns", string.Empty, "c", 1) }));
        Assert.That(result.Node, Is.Not.Null);
    }

    [Test]
    public void OrdersPodsByNamespaceAndNameAndContainersByName()
    {
        var result = DecodeResult.Of(
            Cpu("b", "z", "1", podNamespace: "kube") + Cpu("b", "a", "1", podNamespace: "kube") + Cpu("a", "m", "1", podNamespace: "kube") +
            Cpu("x-10", "c", "1", podNamespace: "app") + Cpu("x-1", "c", "1", podNamespace: "app") +
            Memory("x-1", "c", "1", podNamespace: "app") + Memory("x-10", "c", "1", podNamespace: "app") +
            Memory("a", "m", "1", podNamespace: "kube") + Memory("b", "a", "1", podNamespace: "kube") + Memory("b", "z", "1", podNamespace: "kube"));

        Assert.That(result.Pods.Select(p => $"{p.Namespace}/{p.Name}:{string.Join(",", p.Containers.Select(c => c.Name))}"), Is.EqualTo(new[]
        {
            "app/x-1:c", "app/x-10:c", "kube/a:m", "kube/b:a,z",
        }));
    }

    [TestCase(3)]
    [TestCase(40)]
    public void OrdersTheContainersOfALargePodByNameWhateverTheirOrderInThePayload(int containers)
    {
        var names = Enumerable.Range(0, containers).Select(i => $"c{(i * 7) % containers:D2}").ToList();
        var payload = string.Concat(names.Select(n => Cpu("p", n, "1"))) + string.Concat(names.AsEnumerable().Reverse().Select(n => Memory("p", n, "1")));

        var result = DecodeResult.Of(Cpu("o", "x", "1") + Memory("o", "x", "1") + payload);

        Assert.That(result.Pods.Select(p => p.Name), Is.EqualTo(new[] { "o", "p" }));
        Assert.That(result.Pod("ns", "p").Containers.Select(c => c.Name), Is.EqualTo(names.Order(StringComparer.Ordinal)));
    }

    [Test]
    public void ReadsSwapForTheNodeAndContainersWithoutItStampingThePoint()
    {
        var result = DecodeResult.Of(
            Node + "node_swap_usage_bytes 4096 9000\n" +
            Cpu("p", "c", "1", "1000") + Memory("p", "c", "1", "1000") + Series("container_swap_usage_bytes", "p", "c", "512.9", "9000") +
            Cpu("p", "d", "1", "1000") + Memory("p", "d", "1", "1000"));

        Assert.That(result.Node?.HasSwap, Is.True);
        Assert.That(result.Node?.SwapUsageBytes, Is.EqualTo(4096));
        Assert.That(result.Node?.TimestampUnixNano, Is.EqualTo(1_000_000_000));
        var containers = result.Pods.Single().Containers;
        Assert.That(containers[0], Is.EqualTo(new ContainerView("c", 1_000_000_000, 1_000_000_000, 1, 0, 512)));
        Assert.That(containers[1].Swap, Is.Null);
    }

    [TestCase("NaN", DropReason.NotANumber)]
    [TestCase("-1", DropReason.NegativeValue)]
    public void ServesAContainerWithoutItsUnusableSwapAndRecordsTheSeries(string swap, DropReason reason)
    {
        var result = DecodeResult.Of(Cpu("p", "c", "1") + Memory("p", "c", "1") + Series("container_swap_usage_bytes", "p", "c", swap) +
            "node_swap_usage_bytes " + swap + "\n" + Node);

        Assert.That(result.Pods.Single().Single.Swap, Is.Null);
        Assert.That(result.Node?.HasSwap, Is.False);
        Assert.That(result.Dropped, Is.EquivalentTo(new[]
        {
            new DropView(DroppedKind.Series, reason, string.Empty, string.Empty, string.Empty, 4),
            new DropView(DroppedKind.Series, reason, "ns", "p", "c", 3),
        }));
    }

    [Test]
    public void ServesAContainerWithoutAStartTimeThatIsNotANumber()
    {
        var result = DecodeResult.Of(Cpu("p", "c", "1") + Memory("p", "c", "1") + Series("container_start_time_seconds", "p", "c", "+Inf"));

        Assert.That(result.Pods.Single().Single.StartTimeUnixNano, Is.Zero);
        Assert.That(result.Dropped, Is.EqualTo(new[] { new DropView(DroppedKind.Series, DropReason.NotANumber, "ns", "p", "c", 3) }));
    }

    [Test]
    public void ReusesTheTargetAndScratchStateAcrossPayloads()
    {
        var decoder = new KubeletPayloadDecoder();
        var decoded = new DecodedPayload();
        var big = string.Concat(Enumerable.Range(0, 600).Select(i => Cpu($"pod-{i:D4}", "c", "1") + Memory($"pod-{i:D4}", "c", "2")));

        Assert.That(decoder.TryDecode(System.Text.Encoding.UTF8.GetBytes(big), 0, decoded, out _), Is.True);
        Assert.That(decoded.Pods.Length, Is.EqualTo(600));
        Assert.That(DecodeResult.From(true, default, decoded).Pods[599].Name, Is.EqualTo("pod-0599"));

        var small = Node + Cpu("p", "c", "1") + Memory("p", "c", "2");
        Assert.That(decoder.TryDecode(System.Text.Encoding.UTF8.GetBytes(small), 0, decoded, out _), Is.True);
        var second = DecodeResult.From(true, default, decoded);
        Assert.That(second.Pods.Select(p => p.Name), Is.EqualTo(new[] { "p" }));
        Assert.That(second.Pods[0].Single.Memory, Is.EqualTo(2));
        Assert.That(second.Node, Is.Not.Null);
    }
}
