using MetricsOperator.Kubernetes.Informers;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Kubernetes.Pods;
using MetricsOperator.Kubernetes.Selectors;
using MetricsOperator.Tests.Kubernetes.Testing;
using static MetricsOperator.Tests.Kubernetes.Testing.TestObjects;

namespace MetricsOperator.Tests.Kubernetes.Pods;

public sealed class PodMetadataInformerTests
{
    [Test]
    public async Task An_informer_over_pod_metadata_keeps_the_cache_in_step_including_relists()
    {
        var time = new RecordingTimeProvider();
        var source = new ScriptedListWatchSource<PartialObjectMetadata>(time);
        using var cache = new PodMetadataCache();
        var informer = new Informer<PartialObjectMetadata>(source, cache, InformerHarness.Options, time, new CapturingLogger());
        using var stop = new CancellationTokenSource();
        var web = LabelSelector.Parse("app=web");
        source.EnqueueList("10", WithVersion(Pod("shop", "web-1", Guid.NewGuid().ToString(), ("app", "web")), "5"));

        var run = informer.RunAsync(stop.Token);
        var watch = await source.NextWatchAsync();
        watch.Added(WithVersion(Pod("shop", "web-2", Guid.NewGuid().ToString(), ("app", "web")), "11"));
        watch.Modified(WithVersion(Pod("shop", "web-1", Guid.NewGuid().ToString(), ("app", "api")), "12"));
        await watch.DrainedAsync();
        var afterEvents = Names(cache.List("shop", web));

        source.EnqueueList("40", WithVersion(Pod("shop", "web-3", Guid.NewGuid().ToString(), ("app", "web")), "39"));
        watch.Error(Status(410, "Expired"));
        await source.NextWatchAsync();
        var afterRelist = Names(cache.List(null, LabelSelector.Everything));

        await stop.CancelAsync();
        await run.WaitAsync(InformerHarness.Guard);
        Assert.Multiple(() =>
        {
            Assert.That(afterEvents, Is.EqualTo(new[] { "web-2" }), "web-1 was relabelled to app=api");
            Assert.That(afterRelist, Is.EqualTo(new[] { "web-3" }), "pods missing from the relist are gone");
        });
    }

    private static PartialObjectMetadata WithVersion(PartialObjectMetadata pod, string resourceVersion)
    {
        pod.Metadata.ResourceVersion = resourceVersion;
        return pod;
    }

    private static string[] Names(IEnumerable<PodMetadata> pods) => [.. pods.Select(p => p.Name).Order(StringComparer.Ordinal)];
}
