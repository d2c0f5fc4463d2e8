namespace MetricsOperator.Tests.Scraping.Decoding;

/// <summary>
/// A label set whose bytes repeat one seen earlier is recognised without parsing its labels; these pin that the
/// shortcut gives what a full parse gives, including when the order of the series changes between families.
/// </summary>
[TestFixture]
internal sealed class KubeletPayloadDecoderLabelSetReuseTests
{
    private const string Node = "node_cpu_usage_seconds_total 2 1000\nnode_memory_working_set_bytes 3 1000\n";

    private static string Labels(string pod, string container) => $"{{container=\"{container}\",namespace=\"ns\",pod=\"{pod}\"}}";

    [Test]
    public void SeriesInAnotherOrderThanTheFirstFamilyStillFindTheirContainers()
    {
        var result = DecodeResult.Of(
            Node +
            $"container_cpu_usage_seconds_total{Labels("a", "c")} 1 1000\n" +
            $"container_cpu_usage_seconds_total{Labels("b", "c")} 2 1000\n" +
            $"container_cpu_usage_seconds_total{Labels("c", "c")} 3 1000\n" +
            $"container_memory_working_set_bytes{Labels("c", "c")} 30 1000\n" +
            $"container_memory_working_set_bytes{Labels("a", "c")} 10 1000\n" +
            $"container_memory_working_set_bytes{Labels("b", "c")} 20 1000\n" +
            $"container_start_time_seconds{Labels("b", "c")} 200\n" +
            $"container_start_time_seconds{Labels("c", "c")} 300\n");

        Assert.That(result.Ok, Is.True, result.Error.ToString);
        Assert.That(result.Pods.Select(p => (p.Name, p.Single.Cpu, p.Single.Memory, p.Single.StartTimeUnixNano)), Is.EqualTo(new[]
        {
            ("a", 1_000_000_000UL, 10UL, 0L),
            ("b", 2_000_000_000UL, 20UL, 200_000_000_000L),
            ("c", 3_000_000_000UL, 30UL, 300_000_000_000L),
        }));
    }

    [TestCase("}x 1", "expected a space before the value at \"x 1\"")]
    [TestCase("}", "sample has no value")]
    [TestCase("}  ", "sample has no value")]
    [TestCase("} 1 2 3", "unexpected text \"3\" after the timestamp")]
    [TestCase("} one", "value \"one\" is not a number")]
    public void ARepeatedLabelSetFollowedByBadTextIsRejectedAsAnyOther(string tail, string expectedMessage)
    {
        var labels = Labels("p", "c");
        var result = DecodeResult.Of(
            Node + $"container_cpu_usage_seconds_total{labels} 1 1000\ncontainer_memory_working_set_bytes{labels[..^1]}{tail}\n");

        Assert.That(result.Ok, Is.False);
        Assert.That(result.Error.ToString(), Is.EqualTo("line 4: " + expectedMessage));
    }

    [Test]
    public void ALabelSetThatOnlyStartsLikeAnEarlierOneIsParsedInFull()
    {
        var result = DecodeResult.Of(
            Node +
            "container_cpu_usage_seconds_total{container=\"c\",namespace=\"ns\",pod=\"p\"} 1 1000\n" +
            "container_memory_working_set_bytes{container=\"c\",namespace=\"ns\",pod=\"p\",id=\"x\"} 5 1000\n" +
            "container_memory_working_set_bytes{container=\"c\",namespace=\"ns\",pod=\"pp\"} 6 1000\n" +
            "container_cpu_usage_seconds_total{container=\"c\",namespace=\"ns\",pod=\"pp\"} 2 1000\n");

        Assert.That(result.Ok, Is.True, result.Error.ToString);
        Assert.That(result.Pods.Select(p => (p.Name, p.Single.Cpu, p.Single.Memory)), Is.EqualTo(new[]
        {
            ("p", 1_000_000_000UL, 5UL),
            ("pp", 2_000_000_000UL, 6UL),
        }));
    }

    [Test]
    public void ARepeatedLabelSetAfterCrLfAndLeadingBlanksIsStillRecognised()
    {
        var labels = Labels("p", "c");
        var result = DecodeResult.Of(
            Node + $"  container_cpu_usage_seconds_total{labels} 1 1000\r\n\tcontainer_memory_working_set_bytes{labels}\t7\t1000\r\n");

        Assert.That(result.Ok, Is.True, result.Error.ToString);
        Assert.That(result.Pod("ns", "p").Single.Memory, Is.EqualTo(7UL));
    }
}
