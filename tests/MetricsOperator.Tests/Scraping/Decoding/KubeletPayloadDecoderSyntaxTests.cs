namespace MetricsOperator.Tests.Scraping.Decoding;

/// <summary>Text-format variations the reference trips over (or never saw) and this decoder accepts.</summary>
[TestFixture]
internal sealed class KubeletPayloadDecoderSyntaxTests
{
    private const string Node = "node_cpu_usage_seconds_total 2 1000\nnode_memory_working_set_bytes 3 1000\n";

    [Test]
    public void UnescapesLabelValues()
    {
        var result = DecodeResult.Of(
            "container_cpu_usage_seconds_total{container=\"a\\\\b\",namespace=\"n\\\"s\",pod=\"line\\nbreak\"} 1 1000\n" +
            "container_memory_working_set_bytes{container=\"a\\\\b\",namespace=\"n\\\"s\",pod=\"line\\nbreak\"} 2 1000\n");

        Assert.That(result.Ok, Is.True, result.Error.ToString);
        var pod = result.Pods.Single();
        Assert.That((pod.Namespace, pod.Name, pod.Single.Name), Is.EqualTo(("n\"s", "line\nbreak", "a\\b")));
    }

    [Test]
    public void KeepsUnknownEscapesLiterally()
    {
        var result = DecodeResult.Of(
            "container_cpu_usage_seconds_total{container=\"c\\t\",namespace=\"ns\",pod=\"p\"} 1\n" +
            "container_memory_working_set_bytes{container=\"c\\t\",namespace=\"ns\",pod=\"p\"} 2\n");

        Assert.That(result.Pods.Single().Single.Name, Is.EqualTo("c\\t"));
    }

    [Test]
    public void EscapedAndPlainSpellingsOfTheSameValueAreOneContainer()
    {
        var result = DecodeResult.Of(
            "container_cpu_usage_seconds_total{container=\"c\",namespace=\"ns\",pod=\"p\\\"q\"} 1\n" +
            "container_memory_working_set_bytes{pod=\"p\\\"q\",container=\"c\",namespace=\"ns\"} 2\n");

        Assert.That(result.Pods.Single().Name, Is.EqualTo("p\"q"));
        Assert.That(result.Pods.Single().Containers, Has.Count.EqualTo(1));
    }

    [Test]
    public void AcceptsLabelsInAnyOrderWithExtraLabelsBlanksAndATrailingComma()
    {
        var result = DecodeResult.Of(
            "container_cpu_usage_seconds_total{pod=\"p\",image=\"x:1\",namespace=\"ns\",container=\"c\"} 1 1000\n" +
            "container_memory_working_set_bytes{ id = \"/kubepods\" , namespace = \"ns\",\tcontainer=\"c\" ,pod=\"p\", } 2 1000\n");

        Assert.That(result.Ok, Is.True, result.Error.ToString);
        Assert.That(result.Pods.Single().Single, Is.EqualTo(new ContainerView("c", 1_000_000_000, 1_000_000_000, 2, 0, null)));
    }

    [Test]
    public void AcceptsQuotedLabelNames()
    {
        var result = DecodeResult.Of(
            "container_cpu_usage_seconds_total{\"k8s.io/x\"=\"1\",container=\"c\",namespace=\"ns\",pod=\"p\"} 1\n" +
            "container_memory_working_set_bytes{container=\"c\",namespace=\"ns\",pod=\"p\"} 2\n");

        Assert.That(result.Pods, Has.Count.EqualTo(1));
    }

    [Test]
    public void SkipsCommentsAndBlankLinesAnywhere()
    {
        var result = DecodeResult.Of(
            "\n# HELP node_cpu_usage_seconds_total x\n\n# TYPE node_cpu_usage_seconds_total counter\n" +
            "node_cpu_usage_seconds_total 2 1000\n   \n\t# indented comment\n# EOF\nnode_memory_working_set_bytes 3 1000\n\n\n");

        Assert.That(result.Node, Is.Not.Null);
    }

    [Test]
    public void AcceptsAMissingFinalNewline()
    {
        var result = DecodeResult.Of("node_cpu_usage_seconds_total 2 1000\nnode_memory_working_set_bytes 3 1000");

        Assert.That(result.Node?.MemoryWorkingSetBytes, Is.EqualTo(3));
        Assert.That(result.Node?.TimestampUnixNano, Is.EqualTo(1_000_000_000));
    }

    [Test]
    public void AcceptsCrLfLineEnds()
    {
        var result = DecodeResult.Of("# TYPE x gauge\r\nnode_cpu_usage_seconds_total 2 1000\r\nnode_memory_working_set_bytes 3\r\n");

        Assert.That(result.Ok, Is.True, result.Error.ToString);
        Assert.That(result.Node?.MemoryWorkingSetBytes, Is.EqualTo(3));
        Assert.That(result.Node?.TimestampUnixNano, Is.EqualTo(DecodeResult.DefaultTimestampUnixNano), "memory came last, without timestamp");
    }

    [Test]
    public void AcceptsTabsAndRepeatedBlanksBetweenTokensAndLeadingBlanks()
    {
        var result = DecodeResult.Of("  node_cpu_usage_seconds_total\t2   1000  \n\tnode_memory_working_set_bytes{} \t 3 \t1000\n");

        Assert.That(result.Ok, Is.True, result.Error.ToString);
        Assert.That(result.Node?.CpuNanoCoreSeconds, Is.EqualTo(2_000_000_000));
    }

    [TestCase("1.5e3", 1_500_000_000_000UL)]
    [TestCase("1.5E+03", 1_500_000_000_000UL)]
    [TestCase("+2.5e-1", 250_000_000UL)]
    [TestCase("1027.602e-3", 1_027_601_999UL)]
    [TestCase(".5", 500_000_000UL)]
    [TestCase("5.", 5_000_000_000UL)]
    [TestCase("123456789012345678901234567890e-20", 1_234_567_890_123_456_768UL)]
    public void ReadsExponentAndLongFloatsLikeGo(string value, ulong expectedNanoCoreSeconds)
    {
        var result = DecodeResult.Of($"node_cpu_usage_seconds_total {value}\nnode_memory_working_set_bytes 1\n");

        Assert.That(result.Node?.CpuNanoCoreSeconds, Is.EqualTo(expectedNanoCoreSeconds));
    }

    [TestCase("node_cpu_usage_seconds_total_other 5 1000")]
    [TestCase("node_cpu_usage_seconds_totalx{a=\"b\"} 5")]
    [TestCase("xnode_cpu_usage_seconds_total 5")]
    [TestCase("pod_cpu_usage_seconds_total{namespace=\"ns\",pod=\"p\"} 5 1000")]
    [TestCase("scrape_error 0")]
    [TestCase("container_cpu_usage_seconds_total_v2{container=\"c\"} 7")]
    public void IgnoresOtherFamiliesEvenWithSimilarNames(string line)
    {
        var result = DecodeResult.Of(Node + line + "\n");

        Assert.That(result.Ok, Is.True, result.Error.ToString);
        Assert.That(result.Node?.CpuNanoCoreSeconds, Is.EqualTo(2_000_000_000));
        Assert.That(result.Pods, Is.Empty);
        Assert.That(result.Dropped, Is.Empty);
    }

    [TestCase("pod_cpu_usage_seconds_total{namespace=\"ns")]
    [TestCase("pod_memory_working_set_bytes{pod=\"p\"} NaNx -5")]
    [TestCase("some_family{{{ \"\\")]
    [TestCase("{\"quoted.metric\"} 1 -1")]
    [TestCase("\u00ff\u00fe garbage \u0000")]
    public void SkipsBrokenLinesOfOtherFamiliesWithoutValidatingThem(string line)
    {
        var result = DecodeResult.Of(line + "\n" + Node);

        Assert.That(result.Ok, Is.True, result.Error.ToString);
        Assert.That(result.Node, Is.Not.Null);
    }

    [Test]
    public void EmptyInputIsAValidEmptyPayload()
    {
        var result = DecodeResult.Of(string.Empty);

        Assert.That(result.Ok, Is.True);
        Assert.That(result.Node, Is.Null);
        Assert.That(result.Pods, Is.Empty);
        Assert.That(result.Dropped, Is.Empty);
    }

    [Test]
    public void IgnoresLabelsOnNodeSeries()
    {
        var result = DecodeResult.Of("node_cpu_usage_seconds_total{node=\"x\"} 2 1000\nnode_memory_working_set_bytes{} 3 1000\n");

        Assert.That(result.Node?.CpuNanoCoreSeconds, Is.EqualTo(2_000_000_000));
    }
}
