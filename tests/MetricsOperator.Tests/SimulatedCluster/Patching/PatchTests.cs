using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.Patching;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.Tests.SimulatedCluster.Patching;

[TestFixture]
internal sealed class PatchTests
{
    [Test]
    public void MergePatchMergesObjectsDeletesNullsAndReplacesLists()
    {
        var result = MergePatch.Apply(Parse("""{"a":{"b":1,"c":2},"l":[1,2]}"""), Parse("""{"a":{"b":null,"d":3},"l":[3]}"""));

        Assert.That(result!.ToJsonString(), Is.EqualTo("""{"a":{"c":2,"d":3},"l":[3]}"""));
    }

    [Test]
    public void JsonPatchAppliesEveryOperation()
    {
        var patch = Parse("""
            [{"op":"add","path":"/l/-","value":3},{"op":"replace","path":"/a/b","value":9},{"op":"remove","path":"/a/c"},
             {"op":"copy","from":"/a/b","path":"/x"},{"op":"move","from":"/x","path":"/y"},{"op":"test","path":"/y","value":9}]
            """);

        var result = JsonPatch.Apply(Parse("""{"a":{"b":1,"c":2},"l":[1,2]}""")!, patch);

        Assert.That(result.ToJsonString(), Is.EqualTo("""{"a":{"b":9},"l":[1,2,3],"y":9}"""));
    }

    [Test]
    public void JsonPatchOnAMissingPathIsRefused()
    {
        var error = Assert.Throws<ApiException>(() => JsonPatch.Apply(Parse("{}")!, Parse("""[{"op":"remove","path":"/nope"}]""")));

        Assert.That(error!.Code, Is.EqualTo(422));
    }

    [Test]
    public void StrategicMergePatchMergesContainersByNameAndHonoursDeleteDirectives()
    {
        var live = Parse("""{"spec":{"containers":[{"name":"a","image":"1"},{"name":"b","image":"2"}],"finalizers":["x","y"]}}""");
        var patch = Parse("""
            {"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}],
                     "containers":[{"name":"a","image":"3"},{"name":"b","$patch":"delete"}],
                     "$deleteFromPrimitiveList/finalizers":["x"]}}
            """);

        var result = StrategicMergePatch.Apply(live, patch);

        Assert.That(result!.ToJsonString(), Is.EqualTo("""{"spec":{"containers":[{"name":"a","image":"3"}],"finalizers":["y"]}}"""));
    }

    [Test]
    public void StrategicMergePatchReplacesListsWithoutAMergeKey()
    {
        var result = StrategicMergePatch.Apply(Parse("""{"rules":[{"verbs":["get"]}]}"""), Parse("""{"rules":[{"verbs":["list"]}]}"""));

        Assert.That(result!.ToJsonString(), Is.EqualTo("""{"rules":[{"verbs":["list"]}]}"""));
    }

    private static JsonNode? Parse(string json) => JsonNode.Parse(json);
}
