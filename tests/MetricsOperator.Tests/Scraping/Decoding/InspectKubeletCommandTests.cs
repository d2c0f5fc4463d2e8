using System.Text;
using System.Text.Json.Nodes;
using MetricsOperator.Cli;
using MetricsOperator.Tests.Fixtures;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Scraping.Decoding;

/// <summary><c>metrics-operator inspect kubelet</c> end to end, through the same command-line parsing as the binary.</summary>
[TestFixture]
internal sealed class InspectKubeletCommandTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static IEnumerable<string> ValidFixtures() =>
        KubeletFixture.AllNames().Where(name => !KubeletFixture.Load(name).ExpectsError);

    [TestCaseSource(nameof(ValidFixtures))]
    public void JsonOutputMatchesTheFixturesExpectedNodesAndPods(string fileName)
    {
        var fixture = KubeletFixture.Load(fileName);
        string[] args = ["inspect", "kubelet", SharedFixtures.Kubelet(fileName), "-o", "json", "--node-name", "node1"];
        if (fixture.Expected["defaultTime"] is { } defaultTime)
        {
            args = [.. args, "--default-time", defaultTime.GetValue<string>()];
        }

        var run = Run(args);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        var actual = JsonNode.Parse(run.Output)!.AsObject();
        Assert.That(actual["error"]!.GetValue<bool>(), Is.False);
        Assert.That(actual["nodes"]!.ToJsonString(), Is.EqualTo(fixture.Expected["nodes"]!.ToJsonString()));
        Assert.That(actual["pods"]!.ToJsonString(), Is.EqualTo(fixture.Expected["pods"]!.ToJsonString()));
    }

    [Test]
    public void TableShowsTheNodeAndEachContainer()
    {
        var run = Run("inspect", "kubelet", SharedFixtures.Kubelet("decode-normal.prom"), "--node-name", "node1");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        var lines = run.Output.Split('\n').Select(l => l.TrimEnd()).ToArray();
        Assert.That(lines, Does.Contain("node1  357.35491          1616273408     -            2021-10-03T09:36:49.72Z"));
        Assert.That(lines.Any(l => l.StartsWith("kube-system  coredns-558bd4d5db-4dpjz  coredns    4.710169           12533760       -            2021-10-03T09:36:52.125Z  2021-10-03T09:18:32Z", StringComparison.Ordinal)), Is.True, run.Output);
        Assert.That(lines, Does.Contain("nothing dropped"));
    }

    [Test]
    public void ListsDroppedItemsWithCamelCaseReasonsAndLines()
    {
        var payload = "node_cpu_usage_seconds_total 0 1000\nnode_memory_working_set_bytes 1 1000\n" +
            "container_cpu_usage_seconds_total{container=\"c\",namespace=\"ns\",pod=\"p\"} NaN\n" +
            "container_memory_working_set_bytes{container=\"c\",namespace=\"ns\",pod=\"p\"} 1\n";

        var json = Run(Stdin(payload), "inspect", "kubelet", "-", "-o", "json");
        var table = Run(Stdin(payload), "inspect", "kubelet", "-");

        Assert.That(json.ExitCode, Is.EqualTo(0), json.Error);
        Assert.That(JsonNode.Parse(json.Output)!["dropped"]!.ToJsonString(), Is.EqualTo(
            "[{\"kind\":\"node\",\"namespace\":null,\"pod\":null,\"container\":null,\"reason\":\"zeroCpu\",\"line\":1}," +
            "{\"kind\":\"container\",\"namespace\":\"ns\",\"pod\":\"p\",\"container\":\"c\",\"reason\":\"notANumber\",\"line\":3}]"));
        Assert.That(table.Output, Does.Contain("no usable node point for node"));
        Assert.That(table.Output, Does.Contain("container  ns         p    c          notANumber  3"));
    }

    [Test]
    public void ShowsSwapWhenTheKubeletReportsIt()
    {
        var payload = "node_cpu_usage_seconds_total 1 1000\nnode_memory_working_set_bytes 1 1000\nnode_swap_usage_bytes 4096 1000\n";

        var run = Run(Stdin(payload), "inspect", "kubelet", "-", "-o", "json");

        Assert.That(JsonNode.Parse(run.Output)!["nodes"]![0]!["swapUsageBytes"]!.GetValue<long>(), Is.EqualTo(4096));
    }

    [Test]
    public void SamplesWithoutTimestampGetNowFromTheClockByDefault()
    {
        var run = Run("inspect", "kubelet", SharedFixtures.Kubelet("decode-without-timestamps.prom"), "-o", "json");

        Assert.That(JsonNode.Parse(run.Output)!["nodes"]![0]!["timestamp"]!.GetValue<string>(), Is.EqualTo("2030-01-02T03:04:05Z"));
    }

    [Test]
    public void AnInvalidPayloadExitsOneWithTheLineOnStandardError()
    {
        var table = Run("inspect", "kubelet", SharedFixtures.Kubelet("decode-negative-timestamp.prom"));
        var json = Run("inspect", "kubelet", SharedFixtures.Kubelet("decode-negative-timestamp.prom"), "-o", "json");

        Assert.That(table.ExitCode, Is.EqualTo(1));
        Assert.That(table.Output, Is.Empty);
        Assert.That(table.Error, Does.Contain("line 4: timestamp \"-62135596800000\" is not a non-negative integer of milliseconds"));
        Assert.That(json.ExitCode, Is.EqualTo(1));
        var document = JsonNode.Parse(json.Output)!;
        Assert.That(document["error"]!.GetValue<bool>(), Is.True);
        Assert.That(document["errorLine"]!.GetValue<int>(), Is.EqualTo(4));
    }

    [TestCase("inspect", "kubelet")]
    [TestCase("inspect", "kubelet", "x.prom", "--bogus")]
    [TestCase("inspect", "kubelet", "x.prom", "extra.prom")]
    [TestCase("inspect", "kubelet", "x.prom", "-o", "yaml")]
    [TestCase("inspect", "kubelet", "x.prom", "--max-bytes", "many")]
    [TestCase("inspect", "kubelet", "x.prom", "--max-bytes", "0")]
    [TestCase("inspect", "kubelet", "x.prom", "--default-time", "yesterday")]
    [TestCase("inspect", "kubelet", "x.prom", "--default-time", "2021-10-03 09:36:49")]
    [TestCase("inspect", "kubelet", "x.prom", "--node-name", "")]
    [TestCase("inspect")]
    public void UsageErrorsExitTwo(params string[] args)
    {
        var run = Run(args);

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.StartWith("error: "));
        Assert.That(run.Output, Is.Empty);
    }

    [Test]
    public void AMissingFileExitsTwoNamingIt()
    {
        var run = Run("inspect", "kubelet", "/nonexistent/kubelet.prom");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.StartWith("error: cannot read /nonexistent/kubelet.prom:"));
    }

    [Test]
    public void RefusesAFileLargerThanMaxBytes()
    {
        var run = Run("inspect", "kubelet", SharedFixtures.Kubelet("decode-normal.prom"), "--max-bytes", "1024");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.EndWith("decode-normal.prom is larger than --max-bytes 1024" + Environment.NewLine));
    }

    [Test]
    public void RefusesAnEndlessStandardInputWithoutBufferingIt()
    {
        var run = Run(() => new EndlessStream(), "inspect", "kubelet", "-", "--max-bytes", "100000");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("standard input is larger than --max-bytes 100000"));
    }

    [Test]
    public void AcceptsInputOfExactlyMaxBytes()
    {
        var payload = File.ReadAllBytes(SharedFixtures.Kubelet("decode-normal.prom"));

        var run = Run(() => new MemoryStream(payload), "inspect", "kubelet", "-", "--max-bytes", payload.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
    }

    private static Func<Stream> Stdin(string text) => () => new MemoryStream(Encoding.UTF8.GetBytes(text));

    private static CommandRun Run(params string[] args) => Run(() => throw new AssertionException("stdin was not expected"), args);

    private static CommandRun Run(Func<Stream> stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = InspectCommand.Run(args, new InspectEnvironment(stdin, new FakeTimeProvider(Now)), output, error);
        return new CommandRun(exitCode, output.ToString(), error.ToString());
    }

    private sealed record CommandRun(int ExitCode, string Output, string Error);

    /// <summary>A standard input that never ends, like a misbehaving pipe.</summary>
    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)'#');
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
