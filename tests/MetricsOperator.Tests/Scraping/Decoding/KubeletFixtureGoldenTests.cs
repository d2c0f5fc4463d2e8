using System.Text;
using System.Text.Json.Nodes;
using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Scraping.Decoding;

/// <summary>Every kubelet fixture of the reference decodes to exactly its <c>.expected.json</c>.</summary>
[TestFixture]
internal sealed class KubeletFixtureGoldenTests
{
    private static IEnumerable<string> Fixtures() => KubeletFixture.AllNames();

    [Test]
    public void TheFixtureSetIsThere()
    {
        Assert.That(Fixtures().Count(), Is.GreaterThanOrEqualTo(20), "kubelet fixtures");
    }

    [TestCaseSource(nameof(Fixtures))]
    public void DecodesLikeTheReference(string fileName)
    {
        var fixture = KubeletFixture.Load(fileName);
        var decoded = new DecodedPayload();

        var ok = new KubeletPayloadDecoder().TryDecode(fixture.Payload, fixture.DefaultTimeUnixNano, decoded, out var error);

        if (fixture.ExpectsError)
        {
            Assert.That(ok, Is.False, "the reference rejects this payload");
            Assert.That(error.Line, Is.GreaterThan(0));
            Assert.That(error.Message, Does.Contain("is not a non-negative integer of milliseconds"));
            Assert.That(decoded.Pods.Length + decoded.Containers.Length + decoded.Dropped.Length, Is.Zero);
            Assert.That(decoded.HasNode, Is.False);
            return;
        }

        Assert.That(ok, Is.True, () => error.ToString());
        Assert.That(Actual(decoded).ToJsonString(), Is.EqualTo(ExpectedPoints(fixture.Expected).ToJsonString()));
    }

    [TestCase("decode-no-container-cpu.prom", DroppedKind.Container, DropReason.MissingCpu, 2)]
    [TestCase("decode-zero-container-cpu.prom", DroppedKind.Container, DropReason.ZeroCpu, 2)]
    [TestCase("decode-no-container-memory.prom", DroppedKind.Container, DropReason.MissingMemory, 2)]
    [TestCase("decode-zero-container-memory.prom", DroppedKind.Container, DropReason.ZeroMemory, 3)]
    [TestCase("decode-no-node-cpu.prom", DroppedKind.Node, DropReason.MissingCpu, 2)]
    [TestCase("decode-zero-node-cpu.prom", DroppedKind.Node, DropReason.ZeroCpu, 2)]
    [TestCase("decode-no-node-memory.prom", DroppedKind.Node, DropReason.MissingMemory, 2)]
    [TestCase("decode-zero-node-memory.prom", DroppedKind.Node, DropReason.ZeroMemory, 3)]
    [TestCase("fuzz-seed-0.5-ts5.prom", DroppedKind.Container, DropReason.ZeroMemory, 6)]
    [TestCase("fuzz-seed-0-ts0.prom", DroppedKind.Container, DropReason.ZeroCpu, 3)]
    public void RecordsWhyAReferenceCaseServesNothing(string fileName, DroppedKind kind, DropReason reason, int line)
    {
        var fixture = KubeletFixture.Load(fileName);

        var result = DecodeResult.Of(fixture.Payload, fixture.DefaultTimeUnixNano);

        Assert.That(result.Dropped.Select(d => (d.Kind, d.Reason, d.Line)), Is.EqualTo(new[] { (kind, reason, line) }));
    }

    [Test]
    public void RejectsTheNegativeTimestampNamingItsLine()
    {
        var fixture = KubeletFixture.Load("decode-negative-timestamp.prom");

        var ok = new KubeletPayloadDecoder().TryDecode(fixture.Payload, 0, new DecodedPayload(), out var error);

        Assert.That(ok, Is.False);
        Assert.That(error.ToString(), Is.EqualTo("line 4: timestamp \"-62135596800000\" is not a non-negative integer of milliseconds"));
    }

    [Test]
    public void TheSeventyPodNodeHasOneNodeAndSeventyPods()
    {
        var fixture = KubeletFixture.Load("kind-node-70-pods.prom");
        var decoded = new DecodedPayload();

        Assert.That(new KubeletPayloadDecoder().TryDecode(fixture.Payload, 0, decoded, out _), Is.True);

        Assert.That(decoded.HasNode, Is.True);
        Assert.That(decoded.Pods.Length, Is.EqualTo(70));
        Assert.That(decoded.Containers.Length, Is.EqualTo(70));
        Assert.That(decoded.Dropped.Length, Is.Zero);
    }

    /// <summary>The decoded points in the fixtures' shape, keeping only the fields the decoder is responsible for.</summary>
    private static JsonObject Actual(DecodedPayload decoded)
    {
        var nodes = new JsonArray();
        if (decoded.HasNode)
        {
            nodes.Add(Point(decoded.Node.TimestampUnixNano, decoded.Node.CpuNanoCoreSeconds, decoded.Node.MemoryWorkingSetBytes, null));
        }

        var pods = new JsonArray();
        foreach (var pod in decoded.Pods)
        {
            var containers = new JsonArray();
            foreach (var container in decoded.ContainersOf(pod))
            {
                var point = Point(container.TimestampUnixNano, container.CpuNanoCoreSeconds, container.MemoryWorkingSetBytes,
                    container.StartTimeUnixNano == 0 ? null : container.StartTimeUnixNano);
                point["name"] = Text(decoded, container.Name);
                containers.Add(point);
            }

            pods.Add(new JsonObject
            {
                ["namespace"] = Text(decoded, pod.Namespace),
                ["name"] = Text(decoded, pod.Name),
                ["containers"] = containers,
            });
        }

        return new JsonObject { ["nodes"] = nodes, ["pods"] = pods };
    }

    private static JsonObject ExpectedPoints(JsonObject expected)
    {
        var nodes = new JsonArray();
        foreach (var node in expected["nodes"]!.AsArray())
        {
            nodes.Add(ExpectedPoint(node!, hasStartTime: false));
        }

        var pods = new JsonArray();
        foreach (var pod in expected["pods"]!.AsArray())
        {
            var containers = new JsonArray();
            foreach (var container in pod!["containers"]!.AsArray())
            {
                var point = ExpectedPoint(container!, hasStartTime: true);
                point["name"] = container!["name"]!.GetValue<string>();
                containers.Add(point);
            }

            pods.Add(new JsonObject
            {
                ["namespace"] = pod["namespace"]!.GetValue<string>(),
                ["name"] = pod["name"]!.GetValue<string>(),
                ["containers"] = containers,
            });
        }

        return new JsonObject { ["nodes"] = nodes, ["pods"] = pods };
    }

    private static JsonObject ExpectedPoint(JsonNode point, bool hasStartTime) => Point(
        point["timestampUnixMilli"]!.GetValue<long>() * 1_000_000,
        point["cumulativeCpuUsageNanoCoreSeconds"]!.GetValue<ulong>(),
        point["memoryWorkingSetBytes"]!.GetValue<ulong>(),
        hasStartTime ? point["startTimeUnixNano"]?.GetValue<long>() : null);

    private static JsonObject Point(long timestampUnixNano, ulong cpu, ulong memory, long? startTimeUnixNano) => new()
    {
        ["timestampUnixNano"] = timestampUnixNano,
        ["cpu"] = cpu,
        ["memory"] = memory,
        ["startTimeUnixNano"] = startTimeUnixNano,
    };

    private static string Text(DecodedPayload decoded, Utf8Range range) => Encoding.UTF8.GetString(decoded.Label(range));
}
