using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.Patching;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.Tests.SimulatedCluster.Patching;

[TestFixture]
internal sealed class ServerSideApplyTests
{
    private const string Time = "2026-01-01T00:00:00Z";

    [Test]
    public void FirstApplyRecordsTheAppliedFieldsAsTheManagersSet()
    {
        var result = Apply(null, """{"metadata":{"name":"x","labels":{"a":"1"}},"data":{"k":"v"}}""", "op");

        var entry = ManagedFields.Read(result).Single();
        Assert.That((entry.Manager, entry.Operation), Is.EqualTo(("op", "Apply")));
        Assert.That(entry.ToJson()["fieldsV1"]!.ToJsonString(), Is.EqualTo("""{"f:data":{"f:k":{}},"f:metadata":{"f:labels":{"f:a":{}}}}"""));
    }

    [Test]
    public void AFieldAnotherManagerSetToADifferentValueIsAConflictWordedAsKubeApiserver()
    {
        var live = Apply(null, """{"data":{"k":"v"}}""", "first");

        var error = Assert.Throws<ApiException>(() => Apply(live, """{"data":{"k":"other"}}""", "second"));

        Assert.That(error!.Code, Is.EqualTo(409));
        Assert.That(error.Message, Is.EqualTo("Apply failed with 1 conflict: conflict with \"first\": .data.k"));
    }

    [Test]
    public void SameValueIsSharedOwnershipNotAConflict()
    {
        var live = Apply(null, """{"data":{"k":"v"}}""", "first");

        var result = Apply(live, """{"data":{"k":"v"}}""", "second");

        Assert.That(ManagedFields.Read(result).Select(e => e.Manager), Is.EquivalentTo(new[] { "first", "second" }));
    }

    [Test]
    public void ForceMovesOwnershipToTheApplier()
    {
        var live = Apply(null, """{"data":{"k":"v","mine":"1"}}""", "first");

        var result = Apply(live, """{"data":{"k":"forced"}}""", "second", force: true);

        Assert.That(result["data"]!["k"]!.ToString(), Is.EqualTo("forced"));
        var first = ManagedFields.Read(result).Single(e => e.Manager == "first");
        Assert.That(first.Fields.Paths, Is.EquivalentTo(new[] { "f:data\nf:mine" }));
    }

    [Test]
    public void AFieldTheManagerStopsApplyingIsRemovedUnlessSomeoneElseOwnsIt()
    {
        var live = Apply(null, """{"data":{"a":"1","b":"2"}}""", "op");
        live = Apply(live, """{"data":{"a":"1","b":"2"}}""", "other");
        live = Apply(live, """{"data":{"a":"1","c":"3"}}""", "op");
        live = Apply(live, """{"data":{"a":"1"}}""", "other");

        Assert.That(live["data"]!.ToJsonString(), Is.EqualTo("""{"a":"1","c":"3"}"""));
    }

    [Test]
    public void AnUpdateTakesOwnershipOfTheFieldsItChanged()
    {
        var before = Apply(null, """{"data":{"k":"v"}}""", "applier");
        var after = (JsonObject)before.DeepClone();
        after["data"]!["k"] = "edited";

        ManagedFields.RecordUpdate(before, after, "kubectl-edit", "v1", Time, "");
        var error = Assert.Throws<ApiException>(() => Apply(after, """{"data":{"k":"v"}}""", "applier"));

        Assert.That(error!.Message, Is.EqualTo("Apply failed with 1 conflict: conflict with \"kubectl-edit\" using v1: .data.k"));
    }

    [Test]
    public void ContainersMergeByNameAndConflictsNameTheElement()
    {
        var live = Apply(null, """{"spec":{"containers":[{"name":"a","image":"one"}]}}""", "first");
        var merged = Apply(live, """{"spec":{"containers":[{"name":"b","image":"two"}]}}""", "second");

        var error = Assert.Throws<ApiException>(() => Apply(merged, """{"spec":{"containers":[{"name":"a","image":"three"}]}}""", "second"));

        Assert.That(merged["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.ToString()), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(error!.Message, Does.Contain(".spec.containers[name=\"a\"].image"));
    }

    private static JsonObject Apply(JsonObject? live, string applied, string manager, bool force = false) =>
        ServerSideApply.Apply(live, (JsonObject)JsonNode.Parse(applied)!, manager, force, "v1", Time, "");
}
