using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Kubernetes.Pods;
using MetricsOperator.Kubernetes.Selectors;
using static MetricsOperator.Tests.Kubernetes.Testing.TestObjects;

namespace MetricsOperator.Tests.Kubernetes.Pods;

public sealed class PodMetadataCacheTests
{
    private const string Uid1 = "0b4a3c2d-1e5f-4a6b-8c7d-9e0f1a2b3c4d";

    private static string[] Keys(IEnumerable<PodMetadata> pods) => [.. pods.Select(p => p.Namespace + "/" + p.Name).Order(StringComparer.Ordinal)];

    [Test]
    public void Keeps_namespace_name_uid_and_labels()
    {
        using var cache = new PodMetadataCache();

        cache.Upsert(Pod("shop", "web-1", Uid1, ("app", "web"), ("tier", "fe")));

        Assert.That(cache.TryGet("shop", "web-1", out var pod), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That((pod.Namespace, pod.Name, pod.Uid.ToString()), Is.EqualTo(("shop", "web-1", Uid1)));
            Assert.That(pod.Labels, Is.EquivalentTo(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "fe" }));
            Assert.That(cache.Count, Is.EqualTo(1));
            Assert.That(cache.TryGet("shop", "web-2", out _), Is.False);
            Assert.That(cache.TryGet("other", "web-1", out _), Is.False);
        });
    }

    [TestCase("not-a-guid")]
    [TestCase("0B4A3C2D-1E5F-4A6B-8C7D-9E0F1A2B3C4D")]
    [TestCase("")]
    public void Uids_that_are_not_canonical_guids_are_kept_verbatim(string uid)
    {
        using var cache = new PodMetadataCache();
        cache.Upsert(Pod("ns", "p", uid));

        cache.TryGet("ns", "p", out var pod);

        Assert.That(pod.Uid.ToString(), Is.EqualTo(uid));
    }

    [Test]
    public void Pods_with_equal_labels_share_one_label_set_of_interned_strings()
    {
        using var cache = new PodMetadataCache();

        cache.Upsert(Pod("a", "p1", Uid1, ("app", "web"), ("pod-template-hash", "abc")));
        cache.Upsert(Pod("b", "p2", Uid1, ("app", "web"), ("pod-template-hash", "abc")));
        cache.Upsert(Pod("a", "p3", Uid1, ("app", "web"), ("pod-template-hash", "def")));

        cache.TryGet("a", "p1", out var p1);
        cache.TryGet("b", "p2", out var p2);
        cache.TryGet("a", "p3", out var p3);
        Assert.Multiple(() =>
        {
            Assert.That(p2.Labels, Is.SameAs(p1.Labels));
            Assert.That(p3.Labels, Is.Not.SameAs(p1.Labels));
            Assert.That(ReferenceEquals(p1.Labels.Pairs[0].Key, p3.Labels.Pairs[0].Key), Is.True, "\"app\" is one string");
            Assert.That(ReferenceEquals(p1.Labels.Pairs[0].Value, p3.Labels.Pairs[0].Value), Is.True, "\"web\" is one string");
            Assert.That(cache.DistinctLabelSets, Is.EqualTo(2));
        });
    }

    [Test]
    public void Relabelled_and_removed_pods_release_label_sets_nobody_uses()
    {
        using var cache = new PodMetadataCache();
        cache.Upsert(Pod("a", "p1", Uid1, ("hash", "v1")));
        cache.Upsert(Pod("a", "p2", Uid1, ("hash", "v1")));

        cache.Upsert(Pod("a", "p1", Uid1, ("hash", "v2")));
        Assert.That(cache.DistinctLabelSets, Is.EqualTo(2));
        cache.Upsert(Pod("a", "p2", Uid1, ("hash", "v2")));
        Assert.That(cache.DistinctLabelSets, Is.EqualTo(1), "v1 is no longer used");

        cache.Remove(Pod("a", "p1", Uid1));
        cache.Remove(Pod("a", "p2", Uid1));
        cache.Remove(Pod("a", "never-added", Uid1));

        Assert.Multiple(() =>
        {
            Assert.That(cache.Count, Is.Zero);
            Assert.That(cache.DistinctLabelSets, Is.Zero);
            Assert.That(cache.List(null, LabelSelector.Everything), Is.Empty);
        });
    }

    [Test]
    public void Replace_leaves_exactly_the_listed_pods()
    {
        using var cache = new PodMetadataCache();
        cache.Upsert(Pod("a", "gone", Uid1, ("app", "old")));
        cache.Upsert(Pod("a", "kept", Uid1, ("app", "web")));

        cache.Replace([Pod("a", "kept", Uid1, ("app", "web")), Pod("b", "new", Uid1, ("app", "db")), Pod("b", "new", Uid1, ("app", "db"))]);

        Assert.Multiple(() =>
        {
            Assert.That(Keys(cache.List(null, LabelSelector.Everything)), Is.EqualTo(new[] { "a/kept", "b/new" }));
            Assert.That(cache.Count, Is.EqualTo(2));
            Assert.That(cache.DistinctLabelSets, Is.EqualTo(2), "app=old was released");
        });
    }

    [Test]
    public void An_equality_requirement_looks_only_at_the_pods_carrying_that_label()
    {
        using var cache = new PodMetadataCache();
        var pods = Enumerable.Range(0, 1000).Select(i => Pod("shop", $"pod-{i}", Uid1, ("app", $"app-{i % 250}"), ("tier", i % 2 == 0 ? "fe" : "be")));
        cache.Replace([.. pods, Pod("other", "pod-x", Uid1, ("app", "app-5"))]);
        var results = new List<PodMetadata>();

        var examined = cache.Collect("shop", LabelSelector.Parse("app=app-5,tier=be"), results);

        Assert.Multiple(() =>
        {
            Assert.That(Keys(results), Is.EqualTo(new[] { "shop/pod-255", "shop/pod-5", "shop/pod-505", "shop/pod-755" }));
            Assert.That(examined, Is.EqualTo(1), "one label group (app=app-5,tier=be) instead of 1000 pods");
        });

        results.Clear();
        Assert.That(cache.Collect("shop", LabelSelector.Parse("app in (app-1,app-2),tier"), results), Is.EqualTo(2));
        Assert.That(results, Has.Count.EqualTo(8));

        results.Clear();
        Assert.That(cache.Collect("shop", LabelSelector.Parse("app!=app-1"), results), Is.EqualTo(250), "no equality: every group, still not every pod");
        Assert.That(results, Has.Count.EqualTo(996));

        results.Clear();
        Assert.That(cache.Collect("shop", LabelSelector.Parse("app=missing"), results), Is.Zero);
        Assert.That(results, Is.Empty);
    }

    [Test]
    public void Queries_cover_one_or_all_namespaces()
    {
        using var cache = new PodMetadataCache();
        cache.Replace([Pod("a", "p1", Uid1, ("app", "web")), Pod("b", "p2", Uid1, ("app", "web")), Pod("b", "p3", Uid1)]);
        var web = LabelSelector.Parse("app=web");

        Assert.Multiple(() =>
        {
            Assert.That(Keys(cache.List(null, web)), Is.EqualTo(new[] { "a/p1", "b/p2" }));
            Assert.That(Keys(cache.List("", web)), Is.EqualTo(new[] { "a/p1", "b/p2" }));
            Assert.That(Keys(cache.List("b", LabelSelector.Everything)), Is.EqualTo(new[] { "b/p2", "b/p3" }));
            Assert.That(Keys(cache.List("b", LabelSelector.Parse("!app"))), Is.EqualTo(new[] { "b/p3" }));
            Assert.That(cache.List("c", LabelSelector.Everything), Is.Empty);
        });
    }

    [Test]
    public void Indexed_queries_agree_with_checking_every_pod()
    {
        var random = new Random(424242);
        string[] namespaces = ["a", "b", "c"];
        string[] keys = ["app", "tier", "zone", "example.com/team"];
        string[] values = ["x", "y", "z", ""];
        string[] selectors =
        [
            "", "app=x", "app==y,tier=x", "app in (x,z)", "app notin (x)", "!zone", "zone", "app=x,tier!=y",
            "example.com/team in (,y),app", "tier in (x,y,z),zone notin (z)", "app=nothing",
        ];
        using var cache = new PodMetadataCache();
        var truth = new Dictionary<(string, string), PartialObjectMetadata>();

        for (var step = 0; step < 4000; step++)
        {
            var pod = Pod(
                namespaces[random.Next(namespaces.Length)],
                "pod-" + random.Next(300),
                Guid.NewGuid().ToString(),
                [.. keys.Where(_ => random.Next(2) == 0).Select(key => (key, values[random.Next(values.Length)]))]);
            var key = (pod.Metadata.NamespaceProperty, pod.Metadata.Name);
            if (random.Next(5) == 0)
            {
                cache.Remove(pod);
                truth.Remove(key);
            }
            else
            {
                cache.Upsert(pod);
                truth[key] = pod;
            }
        }

        foreach (var text in selectors)
        {
            var selector = LabelSelector.Parse(text);
            foreach (var ns in namespaces.Append(null))
            {
                var expected = truth.Values
                    .Where(p => (ns is null || p.Metadata.NamespaceProperty == ns) && selector.Matches(p.Metadata.Labels?.AsReadOnly()))
                    .Select(p => p.Metadata.NamespaceProperty + "/" + p.Metadata.Name)
                    .Order(StringComparer.Ordinal);
                Assert.That(Keys(cache.List(ns, selector)), Is.EqualTo(expected), $"selector '{text}' in namespace '{ns ?? "(all)"}'");
            }
        }

        Assert.That(cache.Count, Is.EqualTo(truth.Count));
    }
}
