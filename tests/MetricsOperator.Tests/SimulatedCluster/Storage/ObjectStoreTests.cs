using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.Storage;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.SimulatedCluster.Storage;

[TestFixture]
internal sealed class ObjectStoreTests
{
    private readonly ResourceRegistry _registry = new();
    private FakeTimeProvider _clock = null!;
    private ObjectStore _store = null!;

    private ResourceType ConfigMaps => _registry.Find("", "v1", "configmaps")!;

    [SetUp]
    public void SetUp()
    {
        _clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        _store = new ObjectStore(_registry, _clock, watchWindow: 3);
    }

    [Test]
    public void CreateAssignsUidTimestampGenerationAndAGlobalResourceVersion()
    {
        var first = Put("a", new JsonObject { ["data"] = new JsonObject { ["k"] = "v" } });
        var second = Put("b", []);

        Assert.That(ObjectMeta.Uid(first), Is.Not.Empty);
        Assert.That(ObjectMeta.Text(first, "creationTimestamp"), Is.EqualTo("2026-01-02T03:04:05Z"));
        Assert.That(first["metadata"]!["generation"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(ObjectMeta.ResourceVersion(second), Is.EqualTo(ObjectMeta.ResourceVersion(first) + 1));
        Assert.That(first["apiVersion"]!.ToString(), Is.EqualTo("v1"));
        Assert.That(first["kind"]!.ToString(), Is.EqualTo("ConfigMap"));
    }

    [Test]
    public void GenerationMovesOnSpecChangesOnly()
    {
        Put("a", new JsonObject { ["data"] = new JsonObject { ["k"] = "v" } });

        var labelled = Put("a", new JsonObject { ["data"] = new JsonObject { ["k"] = "v" }, ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["x"] = "y" } } });
        var changed = Put("a", new JsonObject { ["data"] = new JsonObject { ["k"] = "w" } });

        Assert.That(labelled["metadata"]!["generation"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(changed["metadata"]!["generation"]!.GetValue<long>(), Is.EqualTo(2));
    }

    [Test]
    public void FinalizersHoldADeletionUntilTheLastIsRemoved()
    {
        Put("a", new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = new JsonArray("example.test/hold") } });

        var marked = _store.Delete(ConfigMaps, "default", "a");
        var stillThere = _store.Get(ConfigMaps, "default", "a");
        var released = _store.Write(ConfigMaps, "default", "a", current =>
        {
            ObjectMeta.Of(current!).Remove("finalizers");
            return current!;
        });

        Assert.That(ObjectMeta.Text(marked, "deletionTimestamp"), Is.EqualTo("2026-01-02T03:04:05Z"));
        Assert.That(stillThere, Is.Not.Null);
        Assert.That(released, Is.Null);
        Assert.That(_store.Get(ConfigMaps, "default", "a"), Is.Null);
    }

    [Test]
    public void DeletingAnOwnerCollectsItsDependentsButNotThoseWithAnotherLiveOwner()
    {
        var owner = Put("owner", []);
        var other = Put("other", []);
        Put("child", Owned(owner));
        Put("shared", Owned(owner, other));

        _store.Delete(ConfigMaps, "default", "owner");

        Assert.That(_store.Get(ConfigMaps, "default", "child"), Is.Null);
        Assert.That(_store.Get(ConfigMaps, "default", "shared"), Is.Not.Null);
    }

    [Test]
    public void OrphanPropagationKeepsDependents()
    {
        var owner = Put("owner", []);
        Put("child", Owned(owner));

        _store.Delete(ConfigMaps, "default", "owner", orphanDependents: true);

        Assert.That(_store.Get(ConfigMaps, "default", "child"), Is.Not.Null);
    }

    [Test]
    public async Task WatchReplaysChangesAfterTheGivenVersion()
    {
        var a = Put("a", []);
        Put("b", []);
        using var watch = _store.Watch(ConfigMaps, "default", ObjectMeta.ResourceVersion(a));
        _store.Delete(ConfigMaps, "default", "a");

        var first = await watch.Reader.ReadAsync();
        var second = await watch.Reader.ReadAsync();

        Assert.That((first.Type, first.Key.Name), Is.EqualTo(("ADDED", "b")));
        Assert.That((second.Type, second.Key.Name), Is.EqualTo(("DELETED", "a")));
    }

    [Test]
    public void WatchFromAVersionOlderThanTheWindowIsGone()
    {
        var first = Put("a", []);
        for (var i = 0; i < 5; i++)
        {
            Put("b", new JsonObject { ["data"] = new JsonObject { ["i"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
        }

        var error = Assert.Throws<ApiException>(() => _store.Watch(ConfigMaps, "default", ObjectMeta.ResourceVersion(first)));

        Assert.That(error!.Code, Is.EqualTo(410));
        Assert.That(error.Reason, Is.EqualTo("Expired"));
        Assert.That(error.Message, Does.StartWith("too old resource version: 1 ("));
    }

    [Test]
    public void DeletingANamespaceDeletesWhatIsInIt()
    {
        var namespaces = _registry.Find("", "v1", "namespaces")!;
        _store.Write(namespaces, null, "team", _ => []);
        _store.Write(ConfigMaps, "team", "inside", _ => []);

        _store.Delete(namespaces, null, "team");

        Assert.That(_store.Get(ConfigMaps, "team", "inside"), Is.Null);
    }

    private static JsonObject Owned(params JsonObject[] owners) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["ownerReferences"] = new JsonArray([.. owners.Select(o => (JsonNode)new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["name"] = ObjectMeta.Name(o), ["uid"] = ObjectMeta.Uid(o) })]),
        },
    };

    private JsonObject Put(string name, JsonObject body) => _store.Write(ConfigMaps, "default", name, _ => body)!;
}
