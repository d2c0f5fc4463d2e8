using FsCheck;
using FsCheck.Fluent;
using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Scraping.Decoding;

/// <summary>Whatever bytes arrive, the decoder answers (decoded or a line-numbered error) and never throws.</summary>
[TestFixture]
internal sealed class KubeletPayloadDecoderPropertyTests
{
    /// <summary>Bytes that steer a mutation towards the text format's structure rather than noise.</summary>
    private static readonly byte[] Interesting = "{}\"\\=, \t\n\r#-+.eE0123456789NnaIif_"u8.ToArray();

    private static readonly byte[] Valid = KubeletFixture.Load("decode-normal.prom").Payload;

    private static readonly string[] Families =
    [
        "container_cpu_usage_seconds_total", "container_memory_working_set_bytes", "container_start_time_seconds",
        "container_swap_usage_bytes", "node_cpu_usage_seconds_total", "node_memory_working_set_bytes", "node_swap_usage_bytes",
        "pod_cpu_usage_seconds_total", "# HELP x", string.Empty,
    ];

    private static readonly string[] Openings = [string.Empty, " ", "{", "{container=\"c\",", "{namespace=\"ns\",pod=\"p\",container=\"c\"} "];

    /// <summary>Pieces of the grammar, so random lines reach deep into the parser (truncated label sets, stray escapes...).</summary>
    private static readonly string[] Tokens =
    [
        "{", "}", "container=\"", "pod=\"", "namespace=\"", "id=\"", "\"x\"=\"", "\"", ",", "=", "\\", "\\\"", "\\n", " ", "\t",
        "\r", "c", "ns", "1.5", "0", "-3", "NaN", "+Inf", "1e400", "1633253812125", "-1", "99999999999999999999", "e+", ".", "\u00e9",
    ];

    [FsCheck.NUnit.Property(MaxTest = 500)]
    public Property NeverThrowsOnRandomBytes() =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), AssertWellFormedOutcome);

    [FsCheck.NUnit.Property(MaxTest = 500)]
    public Property NeverThrowsOnMutationsOfAValidPayload() =>
        Prop.ForAll(Mutations().ToArbitrary(), mutations => AssertWellFormedOutcome(Apply(Valid, mutations)));

    [FsCheck.NUnit.Property(MaxTest = 1000)]
    public Property NeverThrowsOnLinesMadeOfGrammarPieces() =>
        Prop.ForAll(Gen.ArrayOf(GrammarLine()).ToArbitrary(), lines =>
            AssertWellFormedOutcome(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines))));

    [FsCheck.NUnit.Property(MaxTest = 200)]
    public Property AcceptsAnyFiniteValuesAndNonNegativeTimestamps() =>
        Prop.ForAll(ArbMap.Default.ArbFor<NormalFloat>(), ArbMap.Default.ArbFor<NonNegativeInt>(), (value, timestamp) =>
        {
            var v = value.Get.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            var labels = "{container=\"c\",namespace=\"ns\",pod=\"p\"}";
            var text = $"container_cpu_usage_seconds_total{labels} {v} {timestamp.Get}\n" +
                $"container_memory_working_set_bytes{labels} {v} {timestamp.Get}\n" +
                $"container_start_time_seconds{labels} {v} {timestamp.Get}";

            var result = DecodeResult.Of(text);

            Assert.That(result.Ok, Is.True, result.Error.ToString);
            Assert.That(result.Pods.Count + result.Dropped.Count(d => d.Kind == DroppedKind.Container), Is.EqualTo(1));
        });

    private static Gen<string> GrammarLine() =>
        from family in Gen.Elements(Families)
        from opening in Gen.Elements(Openings)
        from tokens in Gen.ArrayOf(Gen.Elements(Tokens))
        select family + opening + string.Concat(tokens);

    private static Gen<(int Position, byte Value, int Operation)[]> Mutations() =>
        Gen.ArrayOf(
            from position in Gen.Choose(0, Valid.Length)
            from value in Gen.OneOf(Gen.Elements(Interesting), ArbMap.Default.GeneratorFor<byte>())
            from operation in Gen.Choose(0, 2)
            select (position, value, operation));

    private static byte[] Apply(byte[] source, (int Position, byte Value, int Operation)[] mutations)
    {
        var bytes = new List<byte>(source);
        foreach (var (position, value, operation) in mutations)
        {
            var at = Math.Min(position, bytes.Count);
            switch (operation)
            {
                case 0 when at < bytes.Count:
                    bytes[at] = value;
                    break;
                case 1 when at < bytes.Count:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.Insert(at, value);
                    break;
            }
        }

        return [.. bytes];
    }

    private static void AssertWellFormedOutcome(byte[] payload)
    {
        var decoded = new DecodedPayload();
        var ok = new KubeletPayloadDecoder().TryDecode(payload, 1, decoded, out var error);

        if (!ok)
        {
            var lines = payload.Count(b => b == (byte)'\n') + 1;
            Assert.That(error.Line, Is.InRange(1, lines));
            Assert.That(error.Message, Is.Not.Empty);
            Assert.That(decoded.Pods.IsEmpty && decoded.Dropped.IsEmpty && !decoded.HasNode, Is.True);
            return;
        }

        var next = 0;
        foreach (var pod in decoded.Pods)
        {
            Assert.That(pod.FirstContainer, Is.EqualTo(next), "containers are contiguous, in pod order");
            Assert.That(pod.ContainerCount, Is.Positive);
            next += pod.ContainerCount;
            foreach (var container in decoded.ContainersOf(pod))
            {
                Assert.That(container.CpuNanoCoreSeconds, Is.Positive);
                Assert.That(container.MemoryWorkingSetBytes, Is.Positive);
                Assert.That(System.Text.Unicode.Utf8.IsValid(decoded.Label(container.Name)), Is.True);
            }
        }

        Assert.That(next, Is.EqualTo(decoded.Containers.Length));
        Assert.That(!decoded.HasNode || (decoded.Node.CpuNanoCoreSeconds > 0 && decoded.Node.MemoryWorkingSetBytes > 0), Is.True);
        foreach (var dropped in decoded.Dropped)
        {
            Assert.That(dropped.Line, Is.Positive);
        }
    }
}
