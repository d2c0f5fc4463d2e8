using k8s.Models;
using MetricsOperator.Kubernetes.Informers;
using MetricsOperator.Kubernetes.Selectors;
using MetricsOperator.Serving.Api;

namespace MetricsOperator.Tests.Serving.Api;

/// <summary>The node directories: following a node informer cache, and a fixed set.</summary>
public sealed class NodeDirectoryTests
{
    private static V1Node Node(string name, string resourceVersion, params (string Key, string Value)[] labels) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            ResourceVersion = resourceVersion,
            Labels = labels.Length == 0 ? null : labels.ToDictionary(l => l.Key, l => l.Value),
        },
    };

    private static string[] Collect(INodeDirectory directory, string selector = "")
    {
        var nodes = new List<NodeEntry>();
        directory.Collect(LabelSelector.Parse(selector), nodes);
        return [.. nodes.Select(n => n.Name)];
    }

    [Test]
    public void Follows_the_informer_cache_in_name_order()
    {
        using var cache = new InformerCache<V1Node>();
        cache.Replace([Node("b", "1", ("role", "worker")), Node("a", "1")]);
        var directory = InformerNodeDirectory.Attach(cache);
        Assert.That(Collect(directory), Is.EqualTo(new[] { "a", "b" }), "existing nodes are replayed");

        cache.Upsert(Node("C", "1", ("role", "worker")));
        cache.Upsert(Node("a", "2", ("role", "control-plane")));
        Assert.That(Collect(directory), Is.EqualTo(new[] { "C", "a", "b" }), "ordinal order");
        Assert.That(Collect(directory, "role=worker"), Is.EqualTo(new[] { "C", "b" }));
        Assert.That(directory.TryGet("a", out var a) ? a.Labels["role"] : null, Is.EqualTo("control-plane"), "relabelled");

        cache.Remove(Node("b", "3"));
        cache.Replace([Node("a", "2", ("role", "control-plane"))]);
        Assert.Multiple(() =>
        {
            Assert.That(Collect(directory), Is.EqualTo(new[] { "a" }), "deleted and relisted away");
            Assert.That(directory.TryGet("b", out _), Is.False);
        });
    }

    [Test]
    public void A_status_update_keeps_the_labels_it_had()
    {
        using var cache = new InformerCache<V1Node>();
        var directory = InformerNodeDirectory.Attach(cache);
        cache.Upsert(Node("a", "1", ("zone", "z1")));
        directory.TryGet("a", out var before);

        cache.Upsert(Node("a", "2", ("zone", "z1")));
        directory.TryGet("a", out var after);

        Assert.That(after.Labels, Is.SameAs(before.Labels));
    }

    [Test]
    public void Nodes_without_a_name_are_ignored()
    {
        using var cache = new InformerCache<V1Node>();
        var directory = InformerNodeDirectory.Attach(cache);

        directory.OnAdded(new V1Node { Metadata = new V1ObjectMeta() });
        directory.OnDeleted(new V1Node());

        Assert.That(Collect(directory), Is.Empty);
    }

    [Test]
    public void A_static_directory_serves_its_fixed_nodes()
    {
        var directory = new StaticNodeDirectory(
        [
            new("n2", new Dictionary<string, string> { ["pool"] = "gpu" }),
            new("n1", null),
        ]);

        Assert.Multiple(() =>
        {
            Assert.That(Collect(directory), Is.EqualTo(new[] { "n1", "n2" }));
            Assert.That(Collect(directory, "pool"), Is.EqualTo(new[] { "n2" }));
            Assert.That(Collect(StaticNodeDirectory.Named("x", "w")), Is.EqualTo(new[] { "w", "x" }));
            Assert.That(directory.TryGet("n1", out var n1) && n1.Labels.Count == 0, Is.True);
            Assert.Throws<ArgumentException>(() => _ = StaticNodeDirectory.Named(""));
        });
    }
}
