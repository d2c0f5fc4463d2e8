using System.Text.Json.Nodes;
using MetricsOperator.Serving.Discovery;
using YamlDotNet.Serialization;

namespace MetricsOperator.Tests.Serving.Discovery;

/// <summary>The YAML kept in gnostic's Any: block style like Go's YAML writer, quoted wherever a plain scalar would read back differently.</summary>
public sealed class YamlValueTextTests
{
    [TestCase("\"list\"", "list\n")]
    [TestCase("""{ "group": "metrics.k8s.io", "kind": "NodeMetrics", "version": "v1beta1" }""", "group: metrics.k8s.io\nkind: NodeMetrics\nversion: v1beta1\n")]
    [TestCase("""[{ "group": "", "kind": "Pod", "version": "v1" }]""", "- group: \"\"\n  kind: Pod\n  version: v1\n")]
    [TestCase("""{ "a": { "b": ["x", ["z"]] }, "c": {}, "d": [] }""", "a:\n  b:\n    - x\n    -\n      - z\nc: {}\nd: []\n")]
    [TestCase("\"y\"", "\"y\"\n", TestName = "y is a YAML 1.1 boolean, so it is quoted")]
    [TestCase("true", "true\n")]
    [TestCase("\"true\"", "\"true\"\n")]
    [TestCase("\"No\"", "\"No\"\n")]
    [TestCase("\"1.0\"", "\"1.0\"\n")]
    [TestCase("\"a: b\"", "\"a: b\"\n")]
    [TestCase("\"- x\"", "\"- x\"\n")]
    [TestCase("\"1µs\"", "\"1\\u00B5s\"\n")]
    [TestCase("12.5", "12.5\n")]
    [TestCase("null", "null\n")]
    public void Writes_block_yaml_with_safe_scalars(string json, string yaml)
    {
        Assert.That(YamlValueText.Write(JsonNode.Parse(json)), Is.EqualTo(yaml));
    }

    [TestCase("""{ "x": ["on", "off", "~", "", " padded ", "#comment", "tab\there", "line\nbreak", "'single'", "@at", "*star", "&amp", "!tag", "%pct", "`tick`", "{brace}"] }""")]
    public void Every_string_reads_back_as_itself(string json)
    {
        var expected = JsonNode.Parse(json)!["x"]!.AsArray().Select(item => item!.GetValue<string>()).ToList();

        var yaml = YamlValueText.Write(JsonNode.Parse(json));
        var read = new DeserializerBuilder().Build().Deserialize<Dictionary<string, List<string>>>(yaml);

        Assert.That(read["x"], Is.EqualTo(expected), yaml);
    }
}
