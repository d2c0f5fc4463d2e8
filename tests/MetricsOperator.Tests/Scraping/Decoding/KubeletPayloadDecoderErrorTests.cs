namespace MetricsOperator.Tests.Scraping.Decoding;

/// <summary>Lines of the families we use that are structurally broken reject the whole payload, naming the line.</summary>
[TestFixture]
internal sealed class KubeletPayloadDecoderErrorTests
{
    private const string Labels = "{container=\"c\",namespace=\"ns\",pod=\"p\"}";

    [TestCase("node_cpu_usage_seconds_total 1 -62135596800000", "timestamp \"-62135596800000\" is not a non-negative integer of milliseconds")]
    [TestCase("node_cpu_usage_seconds_total 1 +5", "timestamp \"+5\" is not a non-negative integer of milliseconds")]
    [TestCase("node_cpu_usage_seconds_total 1 1.5", "timestamp \"1.5\" is not a non-negative integer of milliseconds")]
    [TestCase("node_cpu_usage_seconds_total 1 1e3", "timestamp \"1e3\" is not a non-negative integer of milliseconds")]
    [TestCase("node_cpu_usage_seconds_total 1 9223372036855", "timestamp \"9223372036855\" is out of range (at most 9223372036854 ms)")]
    [TestCase("node_cpu_usage_seconds_total 1 99999999999999999999999", "timestamp \"99999999999999999999999\" is out of range (at most 9223372036854 ms)")]
    [TestCase("node_cpu_usage_seconds_total 1 1000 extra", "unexpected text \"extra\" after the timestamp")]
    [TestCase("node_cpu_usage_seconds_total", "sample has no value")]
    [TestCase("node_cpu_usage_seconds_total   ", "sample has no value")]
    [TestCase("node_cpu_usage_seconds_total{} ", "sample has no value")]
    [TestCase("node_cpu_usage_seconds_total abc 1000", "value \"abc\" is not a number")]
    [TestCase("node_cpu_usage_seconds_total 0x1p3", "value \"0x1p3\" is not a number")]
    [TestCase("node_cpu_usage_seconds_total{}1", "expected a space before the value at \"1\"")]
    [TestCase("node_memory_working_set_bytes{node=\"x 1", "label value \"\\\"x 1\" is not terminated")]
    [TestCase("container_cpu_usage_seconds_total{container=\"c\\\"} 1", "label value \"\\\"c\\\\\\\"} 1\" is not terminated")]
    [TestCase("container_cpu_usage_seconds_total{container=\"c\"", "label set is not closed with '}'")]
    [TestCase("container_cpu_usage_seconds_total{container=\"c\" 1", "expected ',' or '}' after a label value at \"1\"")]
    [TestCase("container_cpu_usage_seconds_total{container 1", "expected '=' after label name at \"1\"")]
    [TestCase("container_cpu_usage_seconds_total{container=c} 1", "expected a quoted label value at \"c} 1\"")]
    [TestCase("container_cpu_usage_seconds_total{9x=\"c\"} 1", "expected a label name at \"9x=\\\"c\\\"} 1\"")]
    [TestCase("container_cpu_usage_seconds_total{pod=\"a\",pod=\"b\"} 1", "label \"pod\" appears more than once")]
    [TestCase("container_swap_usage_bytes" + Labels + " 1 -1", "timestamp \"-1\" is not a non-negative integer of milliseconds")]
    [TestCase("container_start_time_seconds" + Labels + " x", "value \"x\" is not a number")]
    [TestCase("node_swap_usage_bytes{", "label set is not closed with '}'")]
    public void RejectsTheWholePayloadNamingTheLine(string badLine, string expectedMessage)
    {
        var result = DecodeResult.Of("# TYPE x gauge\nnode_cpu_usage_seconds_total 2 1000\nnode_memory_working_set_bytes 3 1000\n" + badLine + "\nscrape_error 0\n");

        Assert.That(result.Ok, Is.False);
        Assert.That(result.Error.Line, Is.EqualTo(4));
        Assert.That(result.Error.Message, Is.EqualTo(expectedMessage));
        Assert.That(result.Error.ToString(), Is.EqualTo("line 4: " + expectedMessage));
    }

    [Test]
    public void LeavesTheTargetEmptyWhenItRejects()
    {
        var result = DecodeResult.Of(
            "node_cpu_usage_seconds_total 2 1000\nnode_memory_working_set_bytes 3 1000\n" +
            "container_cpu_usage_seconds_total" + Labels + " 1\ncontainer_memory_working_set_bytes" + Labels + " 1\n" +
            "container_memory_working_set_bytes{container=\"x\",namespace=\"ns\",pod=\"q\"} 1 -5\n");

        Assert.That(result.Ok, Is.False);
        Assert.That(result.Error.Line, Is.EqualTo(5));
        Assert.That(result.Node, Is.Null);
        Assert.That(result.Pods, Is.Empty);
        Assert.That(result.Dropped, Is.Empty);
    }

    [Test]
    public void QuotesInputSafelyInTheMessage()
    {
        var result = DecodeResult.Of("node_cpu_usage_seconds_total 1 " + new string('7', 20) + "\u0001" + new string('9', 100) + "\n");

        Assert.That(result.Error.Message, Does.StartWith("timestamp \"77777777777777777777\\x0199"));
        Assert.That(result.Error.Message, Does.Contain("\"..."));
        Assert.That(result.Error.Message.Length, Is.LessThan(160));
    }

    [Test]
    public void CountsLinesAcrossCrLfAndBlankLines()
    {
        var result = DecodeResult.Of("\r\n\r\n# c\r\n\r\nnode_memory_working_set_bytes 1 -1\r\n");

        Assert.That(result.Error.Line, Is.EqualTo(5));
    }
}
