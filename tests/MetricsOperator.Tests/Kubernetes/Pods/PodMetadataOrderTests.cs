using MetricsOperator.Kubernetes.Pods;
using MetricsOperator.Kubernetes.Selectors;
using static MetricsOperator.Tests.Kubernetes.Testing.TestObjects;

namespace MetricsOperator.Tests.Kubernetes.Pods;

/// <summary>
/// Queries answer in (namespace, name) ordinal order, the API's list order, whether they go through the label index
/// (sorted per query) or the name-ordered view (kept between queries), and every change shows in the next query.
/// </summary>
public sealed class PodMetadataOrderTests
{
    private const string Uid1 = "0b4a3c2d-1e5f-4a6b-8c7d-9e0f1a2b3c4d";
    private const string Uid2 = "1c5b4d3e-2f60-4b7c-9d8e-0f1a2b3c4d5e";

    private static string[] Keys(IEnumerable<PodMetadata> pods) => [.. pods.Select(p => p.Namespace + "/" + p.Name)];

    private static string[] Listed(PodMetadataCache cache, string? podNamespace, string selector = "") =>
        Keys(cache.List(podNamespace, LabelSelector.Parse(selector)));

    [Test]
    public void Every_kind_of_query_answers_in_namespace_then_ordinal_name_order()
    {
        using var cache = new PodMetadataCache();
        string[] names = ["web-10", "Web-2", "web-2", "db-1", "web-1", "a"];
        cache.Replace([.. names.Select(name => Pod("shop", name, Uid1, ("app", name.StartsWith("web", StringComparison.Ordinal) ? "web" : "other"))),
            Pod("B", "x", Uid1, ("app", "web")), Pod("a", "y", Uid1, ("app", "web"))]);

        Assert.Multiple(() =>
        {
            Assert.That(Listed(cache, null), Is.EqualTo(new[] { "B/x", "a/y", "shop/Web-2", "shop/a", "shop/db-1", "shop/web-1", "shop/web-10", "shop/web-2" }));
            Assert.That(Listed(cache, "shop"), Is.EqualTo(new[] { "shop/Web-2", "shop/a", "shop/db-1", "shop/web-1", "shop/web-10", "shop/web-2" }));
            Assert.That(Listed(cache, "shop", "app=web"), Is.EqualTo(new[] { "shop/web-1", "shop/web-10", "shop/web-2" }), "through the index");
            Assert.That(Listed(cache, null, "app=web"), Is.EqualTo(new[] { "B/x", "a/y", "shop/web-1", "shop/web-10", "shop/web-2" }));
            Assert.That(Listed(cache, "shop", "app!=web"), Is.EqualTo(new[] { "shop/Web-2", "shop/a", "shop/db-1" }), "through the ordered view");
        });
    }

    [Test]
    public void Added_removed_and_relabelled_pods_and_namespaces_show_in_the_next_list()
    {
        using var cache = new PodMetadataCache();
        cache.Upsert(Pod("shop", "b", Uid1, ("app", "web")));
        cache.Upsert(Pod("shop", "d", Uid1, ("app", "web")));
        Assert.That(Listed(cache, null), Is.EqualTo(new[] { "shop/b", "shop/d" }));

        cache.Upsert(Pod("shop", "c", Uid1, ("app", "db")));
        cache.Upsert(Pod("shop", "a", Uid1, ("app", "web")));
        Assert.That(Listed(cache, null), Is.EqualTo(new[] { "shop/a", "shop/b", "shop/c", "shop/d" }), "added pods");

        cache.Remove(Pod("shop", "b", Uid1));
        Assert.That(Listed(cache, "shop"), Is.EqualTo(new[] { "shop/a", "shop/c", "shop/d" }), "removed pod");

        cache.Upsert(Pod("shop", "a", Uid1, ("app", "db")));
        Assert.That(Listed(cache, "shop", "app!=web"), Is.EqualTo(new[] { "shop/a", "shop/c" }), "relabelled pod");

        cache.Upsert(Pod("shop", "c", Uid2, ("app", "db")));
        Assert.That(cache.List("shop", LabelSelector.Everything).Single(p => p.Name == "c").Uid.ToString(), Is.EqualTo(Uid2), "new UID of a recreated pod");

        cache.Upsert(Pod("bank", "z", Uid1));
        Assert.That(Listed(cache, null), Is.EqualTo(new[] { "bank/z", "shop/a", "shop/c", "shop/d" }), "added namespace");

        cache.Remove(Pod("bank", "z", Uid1));
        Assert.That(Listed(cache, null), Is.EqualTo(new[] { "shop/a", "shop/c", "shop/d" }), "removed namespace");

        cache.Replace([Pod("x", "2", Uid1), Pod("x", "1", Uid1)]);
        Assert.That(Listed(cache, null), Is.EqualTo(new[] { "x/1", "x/2" }), "after a relist");
    }

    [Test]
    public async Task Concurrent_queries_see_complete_ordered_lists_while_pods_change()
    {
        using var cache = new PodMetadataCache();
        cache.Replace([.. Enumerable.Range(0, 500).Select(i => Pod($"ns-{i % 5}", $"pod-{i:D3}", Uid1, ("app", "web")))]);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var writer = Task.Run(() =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                cache.Upsert(Pod("ns-9", $"churn-{i % 50:D2}", Uid1, ("app", "web")));
                cache.Remove(Pod("ns-9", $"churn-{(i + 25) % 50:D2}", Uid1));
            }
        });

        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var failures = 0;
            while (!stop.IsCancellationRequested)
            {
                var keys = Listed(cache, null);
                var ordered = keys.Zip(keys.Skip(1)).All(pair => string.CompareOrdinal(pair.First, pair.Second) < 0);
                failures += ordered && keys.Count(k => !k.StartsWith("ns-9/", StringComparison.Ordinal)) == 500 ? 0 : 1;
            }

            return failures;
        })).ToArray();

        await Task.WhenAll([writer, .. readers]);
        Assert.That(readers.Sum(r => r.Result), Is.Zero);
    }
}
