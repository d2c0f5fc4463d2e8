using k8s.Models;
using MetricsOperator.Hosting;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Kubernetes.Pods;
using MetricsOperator.Scraping;
using MetricsOperator.Storage;
using MetricsOperator.Tests.Storage;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Hosting;

/// <summary>Objects that leave the cluster (informer deletes, or missing from a relist) leave the store at once.</summary>
public sealed class DepartureTests
{
    private FakeTimeProvider _time = null!;
    private MetricsStore _store = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(PayloadBuilder.T0.AddSeconds(30));
        _store = new MetricsStore(_time, new ScrapeSettingsSource(new ScrapeSettings { Resolution = TimeSpan.FromSeconds(60) }));
        StoreTwoScrapes();
    }

    [Test]
    public void A_deleted_node_is_no_longer_served()
    {
        new NodeDepartureHandler(_store).OnDeleted(new V1Node { Metadata = new V1ObjectMeta { Name = "node1" } });

        using var view = _store.OpenView();
        Assert.That(view.TryGetNode("node1", out _), Is.False);
    }

    [Test]
    public void A_deleted_pod_is_no_longer_served_and_leaves_the_metadata_cache()
    {
        using var cache = new PodMetadataCache();
        var departures = new PodDepartureStore(cache, _store);
        departures.Replace([Pod("ns1", "pod1"), Pod("ns1", "pod2")]);

        departures.Remove(Pod("ns1", "pod1"));

        using var view = _store.OpenView();
        Assert.That(view.TryGetPod("ns1", "pod1", out _), Is.False);
        Assert.That(view.TryGetPod("ns1", "pod2", out _), Is.True);
        Assert.That(cache.TryGet("ns1", "pod1", out _), Is.False);
    }

    [Test]
    public void A_pod_missing_from_a_relist_is_no_longer_served()
    {
        using var cache = new PodMetadataCache();
        var departures = new PodDepartureStore(cache, _store);
        departures.Replace([Pod("ns1", "pod1"), Pod("ns1", "pod2")]);

        departures.Replace([Pod("ns1", "pod2")]);

        using var view = _store.OpenView();
        Assert.That(view.TryGetPod("ns1", "pod1", out _), Is.False);
        Assert.That(view.TryGetPod("ns1", "pod2", out _), Is.True);
        Assert.That(cache.Count, Is.EqualTo(1));
    }

    private void StoreTwoScrapes()
    {
        foreach (var (at, cpu) in new[] { (10.0, 10.0), (20.0, 20.0) })
        {
            var payload = new PayloadBuilder()
                .Node(PayloadBuilder.At(at), PayloadBuilder.CoreSeconds(cpu), 3 * PayloadBuilder.MiB)
                .Pod("ns1", "pod1", new Storage.ContainerPoint("c", PayloadBuilder.At(at), PayloadBuilder.At(-600), PayloadBuilder.CoreSeconds(cpu), PayloadBuilder.MiB))
                .Pod("ns1", "pod2", new Storage.ContainerPoint("c", PayloadBuilder.At(at), PayloadBuilder.At(-600), PayloadBuilder.CoreSeconds(cpu), PayloadBuilder.MiB))
                .Build();
            _store.StoreNode("node1", payload);
        }

        using var view = _store.OpenView();
        Assert.That(view.TryGetNode("node1", out _) && view.TryGetPod("ns1", "pod1", out _) && view.TryGetPod("ns1", "pod2", out _), Is.True);
    }

    private static PartialObjectMetadata Pod(string podNamespace, string name) =>
        new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = podNamespace, Uid = $"{podNamespace}-{name}" } };
}
