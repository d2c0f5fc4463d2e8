using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.Storage;
using MetricsOperator.SimulatedCluster.Tables;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.SimulatedCluster.Rest;

[TestFixture]
internal sealed class TableTests
{
    [TestCase(".status.conditions[?(@.type==\"Ready\")].status", "[\"True\"]")]
    [TestCase(".status.conditions[0].type", "[\"Synced\"]")]
    [TestCase(".status.conditions[*].type", "[\"Synced\",\"Ready\"]")]
    [TestCase(".spec.missing", "[]")]
    public void JsonPathSubsetOfPrinterColumns(string path, string expected)
    {
        var item = JsonNode.Parse("""{"status":{"conditions":[{"type":"Synced","status":"False"},{"type":"Ready","status":"True"}]}}""");

        var values = JsonPathExpression.Parse(path).Evaluate(item);

        Assert.That(new JsonArray([.. values.Select(v => v.DeepClone())]).ToJsonString(), Is.EqualTo(expected));
    }

    [TestCase(5, "5s")]
    [TestCase(119, "119s")]
    [TestCase(150, "2m30s")]
    [TestCase(3600, "60m")]
    [TestCase(5 * 3600 + 60, "5h1m")]
    [TestCase(30 * 3600, "30h")]
    [TestCase(3 * 86400 + 3600, "3d1h")]
    [TestCase(400 * 86400, "400d")]
    public void AgesPrintAsKubectlPrintsThem(int seconds, string expected) =>
        Assert.That(HumanDuration.Format(TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected));

    [Test]
    public void CustomResourceTablesUseThePrinterColumns()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 10, 0, TimeSpan.Zero));
        var type = new ResourceType("example.test", "v1", "widgets", "widget", "Widget", true, [], ResourceType.AllVerbs, [], true, [])
        {
            IsCustom = true,
            PrinterColumns = [new PrinterColumn("Ready", "string", null, "", 0, ".status.ready"), new PrinterColumn("Age", "date", null, "", 0, ".metadata.creationTimestamp")],
        };
        var item = (JsonObject)JsonNode.Parse("""{"metadata":{"name":"w","creationTimestamp":"2026-01-01T00:00:00Z"},"status":{"ready":"True"}}""")!;

        var table = new TableBuilder(clock).Build(type, [item], "v1", "7", "Metadata");

        Assert.That(table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.ToString()), Is.EqualTo(new[] { "Name", "Ready", "Age" }));
        Assert.That(table["rows"]![0]!["cells"]!.ToJsonString(), Is.EqualTo("""["w","True","10m"]"""));
        Assert.That(table["rows"]![0]!["object"]!["kind"]!.ToString(), Is.EqualTo("PartialObjectMetadata"));
    }
}
