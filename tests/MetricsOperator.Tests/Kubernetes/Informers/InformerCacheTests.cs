using k8s.Models;
using MetricsOperator.Kubernetes.Informers;
using MetricsOperator.Tests.Kubernetes.Testing;
using static MetricsOperator.Tests.Kubernetes.Testing.TestObjects;

namespace MetricsOperator.Tests.Kubernetes.Informers;

public sealed class InformerCacheTests
{
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web" };
    private static readonly Dictionary<string, string> Db = new() { ["app"] = "db" };

    private static IEnumerable<string> AppLabel(V1ConfigMap item) =>
        item.Metadata.Labels?.TryGetValue("app", out var app) == true ? [app] : [];

    private static string[] Names(IEnumerable<V1ConfigMap> items) => [.. items.Select(i => i.Metadata.NamespaceProperty + "/" + i.Metadata.Name).Order(StringComparer.Ordinal)];

    [Test]
    public void Objects_are_keyed_by_namespace_and_name()
    {
        using var cache = new InformerCache<V1ConfigMap>();
        cache.Upsert(ConfigMap("a", "1", ns: "one"));
        cache.Upsert(ConfigMap("a", "2", ns: "two"));
        cache.Upsert(ConfigMap("a", "3", ns: "one"));

        Assert.Multiple(() =>
        {
            Assert.That(cache.Count, Is.EqualTo(2));
            Assert.That(cache.TryGet(new ObjectKey("one", "a"), out var one) ? one.Metadata.ResourceVersion : null, Is.EqualTo("3"));
            Assert.That(cache.TryGet(new ObjectKey("two", "a"), out var two) ? two.Metadata.ResourceVersion : null, Is.EqualTo("2"));
            Assert.That(cache.TryGet(new ObjectKey("three", "a"), out _), Is.False);
            Assert.That(new ObjectKey("one", "a").ToString(), Is.EqualTo("one/a"));
            Assert.That(ObjectKey.Of(new V1Node { Metadata = new V1ObjectMeta { Name = "node-1" } }).ToString(), Is.EqualTo("node-1"));
        });
    }

    [Test]
    public void Objects_without_a_name_are_refused()
    {
        using var cache = new InformerCache<V1ConfigMap>();

        var error = Assert.Throws<ArgumentException>(() => cache.Upsert(new V1ConfigMap { Kind = "ConfigMap" }));

        Assert.That(error!.Message, Does.Contain("ConfigMap object without metadata.name"));
    }

    [Test]
    public void Named_index_follows_adds_updates_and_removals()
    {
        using var cache = new InformerCache<V1ConfigMap>();
        cache.AddIndex("app", AppLabel);
        cache.Upsert(ConfigMap("a", "1", labels: Web));
        cache.Upsert(ConfigMap("b", "1", labels: Web));
        cache.Upsert(ConfigMap("c", "1", labels: Db));

        cache.Upsert(ConfigMap("b", "2", labels: Db));
        cache.Remove(ConfigMap("c", "3"));

        Assert.Multiple(() =>
        {
            Assert.That(Names(cache.ByIndex("app", "web")), Is.EqualTo(new[] { "default/a" }));
            Assert.That(Names(cache.ByIndex("app", "db")), Is.EqualTo(new[] { "default/b" }));
            Assert.That(cache.ByIndex("app", "cache"), Is.Empty);
        });
    }

    [Test]
    public void An_index_added_later_covers_cached_objects_and_names_must_be_unique()
    {
        using var cache = new InformerCache<V1ConfigMap>();
        cache.Upsert(ConfigMap("a", "1", labels: Web));

        cache.AddIndex("app", AppLabel);

        Assert.Multiple(() =>
        {
            Assert.That(Names(cache.ByIndex("app", "web")), Is.EqualTo(new[] { "default/a" }));
            Assert.That(() => cache.AddIndex("app", AppLabel), Throws.ArgumentException.With.Message.Contains("index \"app\" already exists"));
            Assert.That(() => cache.ByIndex("tier", "x"), Throws.ArgumentException.With.Message.Contains("no index named \"tier\""));
        });
    }

    [Test]
    public void Owner_reference_index_maps_owner_uids_to_children()
    {
        using var cache = new InformerCache<V1ConfigMap>();
        cache.AddOwnerReferenceIndex();
        cache.Upsert(ConfigMap("a", "1", ownerUids: ["uid-1"]));
        cache.Upsert(ConfigMap("b", "1", ownerUids: ["uid-1", "uid-2"]));
        cache.Upsert(ConfigMap("c", "1"));

        cache.Upsert(ConfigMap("a", "2", ownerUids: ["uid-2"]));

        Assert.Multiple(() =>
        {
            Assert.That(Names(cache.ByOwnerUid("uid-1")), Is.EqualTo(new[] { "default/b" }));
            Assert.That(Names(cache.ByOwnerUid("uid-2")), Is.EqualTo(new[] { "default/a", "default/b" }));
            Assert.That(cache.ByOwnerUid("uid-3"), Is.Empty);
        });
    }

    [Test]
    public void Replace_reports_deletions_changes_and_additions_but_not_unchanged_objects()
    {
        using var cache = new InformerCache<V1ConfigMap>();
        cache.AddIndex("app", AppLabel);
        cache.Upsert(ConfigMap("gone", "1", labels: Web));
        cache.Upsert(ConfigMap("same", "2", labels: Web));
        cache.Upsert(ConfigMap("changed", "3", labels: Web));
        var handler = new RecordingHandler<V1ConfigMap>();
        cache.AddEventHandler(handler);
        handler.Clear();

        cache.Replace([ConfigMap("same", "2", labels: Web), ConfigMap("changed", "9", labels: Db), ConfigMap("new", "10", labels: Db)]);

        Assert.Multiple(() =>
        {
            Assert.That(handler.Calls, Is.EqualTo(new[] { "deleted gone@1", "updated changed@3->9", "added new@10" }));
            Assert.That(Names(cache.List()), Is.EqualTo(new[] { "default/changed", "default/new", "default/same" }));
            Assert.That(Names(cache.ByIndex("app", "web")), Is.EqualTo(new[] { "default/same" }));
            Assert.That(Names(cache.ByIndex("app", "db")), Is.EqualTo(new[] { "default/changed", "default/new" }));
        });
    }

    [Test]
    public void A_handler_added_late_first_receives_the_cached_objects()
    {
        using var cache = new InformerCache<V1ConfigMap>();
        cache.Upsert(ConfigMap("a", "1"));
        var handler = new RecordingHandler<V1ConfigMap>();

        cache.AddEventHandler(handler);
        cache.Upsert(ConfigMap("b", "2"));

        Assert.That(handler.Calls, Is.EqualTo(new[] { "added a@1", "added b@2" }));
    }

    [Test]
    public void Removing_an_unknown_object_raises_nothing()
    {
        using var cache = new InformerCache<V1ConfigMap>();
        var handler = new RecordingHandler<V1ConfigMap>();
        cache.AddEventHandler(handler);

        cache.Remove(ConfigMap("never-seen", "1"));

        Assert.That(handler.Calls, Is.Empty);
    }

    [Test]
    public void A_failing_handler_is_logged_and_does_not_starve_the_others()
    {
        var logger = new CapturingLogger();
        using var cache = new InformerCache<V1ConfigMap>(logger);
        cache.AddEventHandler(new InformerEventCallbacks<V1ConfigMap> { Added = _ => throw new InvalidOperationException("boom") });
        var handler = new RecordingHandler<V1ConfigMap>();
        cache.AddEventHandler(handler);

        cache.Upsert(ConfigMap("a", "1"));

        Assert.Multiple(() =>
        {
            Assert.That(handler.Calls, Is.EqualTo(new[] { "added a@1" }));
            Assert.That(cache.Count, Is.EqualTo(1));
            Assert.That(logger.Entries.Single(e => e.EventId == 1120).Message, Does.Contain("Added of default/a"));
        });
    }

    [Test]
    public async Task Readers_run_concurrently_with_the_writer()
    {
        using var cache = new InformerCache<V1ConfigMap>();
        cache.AddIndex("app", AppLabel);
        using var done = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            var reads = 0;
            while (!done.IsCancellationRequested || reads < 100)
            {
                var all = cache.List();
                var web = cache.ByIndex("app", "web");
                Assert.That(web.All(item => item.Metadata.Labels["app"] == "web") && all.Count <= 100, Is.True);
                reads++;
            }

            return reads;
        })).ToArray();

        for (var i = 0; i < 5000; i++)
        {
            var name = "cm-" + (i % 100);
            cache.Upsert(ConfigMap(name, i.ToString(System.Globalization.CultureInfo.InvariantCulture), labels: i % 2 == 0 ? Web : Db));
            if (i % 7 == 0)
            {
                cache.Remove(ConfigMap(name, "x"));
            }
        }

        await done.CancelAsync();
        var reads = await Task.WhenAll(readers);
        Assert.That(reads, Is.All.GreaterThan(0));
    }
}
