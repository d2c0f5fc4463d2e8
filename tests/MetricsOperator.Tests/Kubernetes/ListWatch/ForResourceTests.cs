using k8s;
using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Tests.Kubernetes.Testing;

namespace MetricsOperator.Tests.Kubernetes.ListWatch;

public sealed class ForResourceTests
{
    [Test]
    public async Task A_custom_cluster_scoped_resource_is_listed_and_watched_at_its_group_path()
    {
        var api = new ApiRecorder(request => request.PathAndQuery.Contains("watch=true", StringComparison.Ordinal)
            ? ApiRecorder.Json("""{"type":"ADDED","object":{"apiVersion":"metricsoperator.dev/v1alpha1","kind":"MetricsBackend","metadata":{"name":"second","resourceVersion":"8"}}}""" + "\n")
            : ApiRecorder.Json(new MetricsBackendList { Metadata = new V1ListMeta { ResourceVersion = "7" }, Items = [new MetricsBackend { Metadata = new V1ObjectMeta { Name = "first" } }] }));
        var source = KubernetesListWatchSources.ForResource<MetricsBackend>(api.Endpoint(), labelSelector: "tier=a");

        var page = await source.ListAsync(new ListRequest(100, null), CancellationToken.None);
        var events = new List<WatchEvent<MetricsBackend>>();
        await foreach (var watchEvent in source.WatchAsync(new WatchRequest("7", TimeSpan.FromSeconds(300), AllowBookmarks: true), CancellationToken.None))
        {
            events.Add(watchEvent);
        }

        Assert.That(source.ResourceName, Is.EqualTo("metricsbackends.metricsoperator.dev"));
        Assert.That(page.Items.Single().Metadata.Name, Is.EqualTo("first"));
        Assert.That(page.ResourceVersion, Is.EqualTo("7"));
        Assert.That(events.Single().Type, Is.EqualTo(WatchEventType.Added));
        Assert.That(events.Single().Object!.Metadata.Name, Is.EqualTo("second"));
        Assert.That(api.Requests[0].PathAndQuery, Is.EqualTo("/apis/metricsoperator.dev/v1alpha1/metricsbackends?labelSelector=tier%3Da&limit=100"));
        Assert.That(api.Requests[1].PathAndQuery, Does.StartWith("/apis/metricsoperator.dev/v1alpha1/metricsbackends?labelSelector=tier%3Da&watch=true&allowWatchBookmarks=true&resourceVersion=7"));
    }

    [Test]
    public async Task A_namespaced_built_in_resource_is_listed_in_its_namespace()
    {
        var api = new ApiRecorder(_ => ApiRecorder.Json(new V1SecretList { Metadata = new V1ListMeta { ResourceVersion = "3" }, Items = [] }));
        var source = KubernetesListWatchSources.ForResource<V1Secret>(api.Endpoint(), "ops");

        await source.ListAsync(new ListRequest(null, null), CancellationToken.None);

        Assert.That(api.Single.PathAndQuery, Is.EqualTo("/api/v1/namespaces/ops/secrets"));
        Assert.That(
            () => KubernetesListWatchSources.ForResource<V1APIService>(api.Endpoint(), "ops"),
            Throws.ArgumentException.With.Message.Contains("cluster-scoped"));
    }
}
