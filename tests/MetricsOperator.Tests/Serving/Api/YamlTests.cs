using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using MetricsOperator.Serving.Api;
using static MetricsOperator.Tests.Serving.Api.ApiJson;

namespace MetricsOperator.Tests.Serving.Api;

/// <summary>The YAML representation parses back, under typed resolution, to exactly what the JSON one says.</summary>
public sealed class YamlTests
{
    private const string Api = "/apis/metrics.k8s.io/v1beta1";

    /// <summary>Label values a careless emitter would leave plain and a YAML reader would turn into something else.</summary>
    private static readonly string[] TrickyValues =
    [
        "true", "yes", "NO", "On", "null", "Null", "~", "y", "1", "-1", "+1", "1.5", ".5", "0x1F", "0o17", "1e3", "10E", "1_000", "12:30",
        "2021-10-03", "2021-10-03T09:18:52Z", ".inf", ".NaN", "", " lead", "trail ", "a: b", "a #b", "#x", "- x", "-", "?", ":", "@at", "`tick",
        "%pct", "!tag", "&anchor", "*alias", "|", ">", "[a]", "{a}", "'q'", "\"dq\"", "back\\slash", "line\nbreak", "tab\there", "cr\rlf",
        "bell\u0007", "del\u007F", "nel\u0085", "ls\u2028", "bom\uFEFF", "µs", "ünïcödé", "emoji 😀", "10m", "1m0s", "12240Ki", "1µs",
        "app.kubernetes.io/name", "kube-system", "a.b-c_d/e",
    ];

    private TestCluster _cluster = null!;
    private MetricsApiTestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _cluster = UnitFakeCluster.Build();
        _server = await MetricsApiTestServer.StartAsync(_cluster);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _server.DisposeAsync();
        _cluster.Dispose();
    }

    [TestCase("nodes")]
    [TestCase("nodes/node2")]
    [TestCase("pods")]
    [TestCase("namespaces/other/pods/pod1")]
    [TestCase("namespaces/empty/pods")]
    public async Task Yaml_reads_back_as_the_json_answer(string path)
    {
        var json = await ReadAsync(await _server.GetAsync($"{Api}/{path}", "application/json"));
        using var response = await _server.GetAsync($"{Api}/{path}", "application/yaml");
        var yaml = await response.Content.ReadAsStringAsync();

        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/yaml"));
        AssertSame(YamlReader.Read(yaml)!, json, yaml);
    }

    [Test]
    public async Task Yaml_looks_like_kubectl_output()
    {
        using var response = await _server.GetAsync($"{Api}/nodes/node1", "application/yaml");

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(
            $"""
            kind: NodeMetrics
            apiVersion: metrics.k8s.io/v1beta1
            metadata:
              name: node1
              creationTimestamp: "{_cluster.NowText}"
              labels:
                labelKey: labelValue
            timestamp: "{_cluster.NowText}"
            window: 1µs
            usage:
              cpu: 10m
              memory: 1Mi

            """));
    }

    [Test]
    public async Task Tricky_label_keys_and_values_survive_as_strings()
    {
        using var cluster = new TestCluster();
        for (var i = 0; i < TrickyValues.Length; i++)
        {
            cluster.Node($"node{i}", new NodeMetricsSpec(1_000_000, 1024, TimeSpan.FromSeconds(10)), ("value", TrickyValues[i]), (TrickyValues[i] + "key", "x"));
        }

        cluster.Publish();
        await using var server = await MetricsApiTestServer.StartAsync(cluster);
        var json = await ReadAsync(await server.GetAsync($"{Api}/nodes"));
        using var response = await server.GetAsync($"{Api}/nodes", "application/yaml");
        var yaml = await response.Content.ReadAsStringAsync();

        AssertSame(YamlReader.Read(yaml)!, json, yaml);
        Assert.That(json["items"]!.AsArray().Select(item => item!["metadata"]!["labels"]!["value"]!.GetValue<string>()), Is.EquivalentTo(TrickyValues));
    }

    [TestCase("10m", true)]
    [TestCase("4710169n", true)]
    [TestCase("12240Ki", true)]
    [TestCase("1m0s", true)]
    [TestCase("1.5ms", true)]
    [TestCase("1µs", true)]
    [TestCase("web-1", true)]
    [TestCase("app.kubernetes.io/name", true)]
    [TestCase("1", false)]
    [TestCase("1e3", false)]
    [TestCase("0x10", false)]
    [TestCase("True", false)]
    [TestCase("2021-10-03T09:18:52Z", false)]
    [TestCase("a b", false)]
    public void Plain_only_where_nothing_else_can_be_read(string text, bool plain)
    {
        Assert.That(YamlScalar.IsPlainSafe(text), Is.EqualTo(plain));
    }

    [FsCheck.NUnit.Property(MaxTest = 2000)]
    public Property Any_string_without_lone_surrogates_reads_back_unchanged() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            text ??= string.Empty;
            if (HasLoneSurrogate(text))
            {
                return true;
            }

            var output = new ArrayBufferWriter<byte>();
            var emitter = new YamlEmitter();
            emitter.Reset(output);
            emitter.StartRootOrElementMapping();
            emitter.ScalarEntry("k", text);
            emitter.ScalarEntry(text, "v");
            emitter.End();
            var read = YamlReader.Read(Encoding.UTF8.GetString(output.WrittenSpan))!.AsObject();
            return read.Count == (text == "k" ? 1 : 2)
                && read["k"]!.GetValue<string>() == (text == "k" ? "v" : text)
                && read[text]!.GetValue<string>() == "v";
        });

    [Test]
    public void Empty_collections_and_nested_sequences_are_valid_yaml()
    {
        var output = new ArrayBufferWriter<byte>();
        var emitter = new YamlEmitter();
        emitter.Reset(output);
        var writer = new YamlDocumentWriter(emitter);
        writer.StartMapping();
        writer.StartMapping(FieldNames.Metadata);
        writer.EndMapping();
        writer.StartSequence(FieldNames.Items);
        writer.EndSequence();
        writer.StartSequence(FieldNames.Rows);
        writer.StartMapping();
        writer.EndMapping();
        writer.StartMapping();
        writer.StartSequence(FieldNames.Cells);
        writer.StringElement("a");
        writer.StringElement("1"u8);
        writer.EndSequence();
        writer.Null(FieldNames.Object);
        writer.Number(FieldNames.Priority, 0);
        writer.EndMapping();
        writer.EndSequence();
        writer.EndMapping();
        var yaml = Encoding.UTF8.GetString(output.WrittenSpan);

        Assert.That(yaml, Is.EqualTo("metadata: {}\nitems: []\nrows:\n- {}\n- cells:\n  - a\n  - \"1\"\n  object: null\n  priority: 0\n"));
        Assert.That(
            YamlReader.Read(yaml)!.ToJsonString(),
            Is.EqualTo("""{"metadata":{},"items":[],"rows":[{},{"cells":["a","1"],"object":null,"priority":0}]}"""));
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
