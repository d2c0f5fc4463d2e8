using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.CustomResources;

namespace MetricsOperator.Tests.SimulatedCluster.CustomResources;

[TestFixture]
internal sealed class SchemaTests
{
    private static readonly JsonObject Schema = (JsonObject)JsonNode.Parse("""
        {"type":"object","properties":{"spec":{"type":"object","required":["mode"],"properties":{
          "mode":{"type":"string","enum":["a","b"]},
          "count":{"type":"integer","minimum":1,"maximum":10},
          "name":{"type":"string","maxLength":3,"pattern":"^[a-z]+$"},
          "types":{"type":"array","minItems":1,"x-kubernetes-list-type":"set","items":{"type":"string"}},
          "nested":{"type":"object","properties":{"resolution":{"type":"string","default":"15s"}}},
          "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true}},
          "x-kubernetes-validations":[{"rule":"!has(self.count) || self.count != 7","message":"seven is unlucky"}]}}}
        """)!;

    [Test]
    public void ValidObjectPassesAndIsDefaulted()
    {
        var item = Parse("""{"spec":{"mode":"a","nested":{}}}""");

        SchemaDefaulter.Apply(item, Schema);
        var errors = SchemaValidator.Validate(item, Schema, null);

        Assert.That(errors, Is.Empty);
        Assert.That(item["spec"]!["nested"]!["resolution"]!.ToString(), Is.EqualTo("15s"));
    }

    [Test]
    public void EveryConstraintIsWordedAsKubeApiserverWordsIt()
    {
        var item = Parse("""{"spec":{"mode":"c","count":0,"name":"ABCD","types":[]}}""");

        var errors = SchemaValidator.Validate(item, Schema, null).Select(e => e.ToString()).ToList();

        Assert.That(errors, Is.EquivalentTo(new[]
        {
            "spec.mode: Unsupported value: \"c\": supported values: \"a\", \"b\"",
            "spec.count: Invalid value: 0: spec.count in body should be greater than or equal to 1",
            "spec.name: Too long: may not be more than 3 bytes",
            "spec.name: Invalid value: \"ABCD\": spec.name in body should match '^[a-z]+$'",
            "spec.types: Invalid value: 0: spec.types in body should have at least 1 items",
        }));
    }

    [Test]
    public void TypeAndRequiredErrorsBlockTheRules()
    {
        var errors = SchemaValidator.Validate(Parse("""{"spec":{"count":"x"}}"""), Schema, null).Select(e => e.ToString()).ToList();

        Assert.That(errors, Does.Contain("spec.count: Invalid value: \"string\": spec.count in body must be of type integer: \"string\""));
        Assert.That(errors, Does.Contain("spec.mode: Required value"));
        Assert.That(errors.Last(), Does.Contain("some validation rules were not checked"));
    }

    [Test]
    public void RulesReportTheirMessage()
    {
        var errors = SchemaValidator.Validate(Parse("""{"spec":{"mode":"a","count":7}}"""), Schema, null).Select(e => e.ToString());

        Assert.That(errors, Is.EqualTo(new[] { "spec: Invalid value: \"object\": seven is unlucky" }));
    }

    [Test]
    public void PruningDropsUndeclaredFieldsButKeepsPreservedOnes()
    {
        var item = Parse("""{"apiVersion":"x/v1","kind":"K","metadata":{"name":"n"},"spec":{"mode":"a","extra":1,"free":{"any":1}},"junk":true}""");

        var unknown = SchemaPruner.Prune(item, Schema);

        Assert.That(unknown, Is.EquivalentTo(new[] { "spec.extra", "junk" }));
        Assert.That(item.ToJsonString(), Is.EqualTo("""{"apiVersion":"x/v1","kind":"K","metadata":{"name":"n"},"spec":{"mode":"a","free":{"any":1}}}"""));
    }

    private static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json)!;
}
