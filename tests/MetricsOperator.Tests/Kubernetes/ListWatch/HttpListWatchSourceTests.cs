using System.IO.Pipelines;
using System.Net;
using System.Text;
using k8s;
using k8s.Models;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Tests.Kubernetes.Testing;
using static MetricsOperator.Tests.Kubernetes.Testing.FakeApiServerHandler;

namespace MetricsOperator.Tests.Kubernetes.ListWatch;

public sealed class HttpListWatchSourceTests
{
    private const string PodList = """
        {"kind":"PartialObjectMetadataList","apiVersion":"meta.k8s.io/v1",
         "metadata":{"resourceVersion":"12345","continue":"next-page"},
         "items":[
          {"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{
            "name":"web-7d9f8b6c5-x2x9k","namespace":"shop","uid":"0b4a3c2d-1e5f-4a6b-8c7d-9e0f1a2b3c4d",
            "resourceVersion":"12001","creationTimestamp":"2026-01-01T10:00:00Z",
            "labels":{"app":"web","pod-template-hash":"7d9f8b6c5"},
            "annotations":{"kubectl.kubernetes.io/restartedAt":"2026-01-01T09:59:00Z"},
            "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-7d9f8b6c5","uid":"11111111-2222-3333-4444-555555555555","controller":true}],
            "managedFields":[{"manager":"kube-controller-manager","operation":"Update","apiVersion":"v1","time":"2026-01-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{}}}]}},
          {"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{
            "name":"coredns-5d78c9869d-abcde","namespace":"kube-system","uid":"22222222-3333-4444-5555-666666666666",
            "resourceVersion":"12002","labels":{"k8s-app":"kube-dns"}}}]}
        """;

    [Test]
    public async Task Lists_running_pods_as_metadata_only()
    {
        var handler = new FakeApiServerHandler(_ => Json(PodList));
        using var client = ClientFor(handler);
        var source = KubernetesListWatchSources.RunningPodMetadata(KubernetesApiEndpoint.FromClient(client));

        var page = await source.ListAsync(new ListRequest(500, "abc"), CancellationToken.None);

        var request = handler.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo(HttpMethod.Get));
            Assert.That(request.Uri.AbsolutePath, Is.EqualTo("/api/v1/pods"));
            Assert.That(request.Uri.Query, Is.EqualTo("?fieldSelector=status.phase%3DRunning&limit=500&continue=abc"));
            Assert.That(request.Accept, Is.EqualTo("application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json"));
            Assert.That(request.Authorization, Is.EqualTo("Bearer test-token"), "the client's credentials are applied");

            Assert.That(source.ResourceName, Is.EqualTo("pods"));
            Assert.That(page.ResourceVersion, Is.EqualTo("12345"));
            Assert.That(page.Continue, Is.EqualTo("next-page"));
            Assert.That(page.Items.Select(p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}"),
                Is.EqualTo(new[] { "shop/web-7d9f8b6c5-x2x9k", "kube-system/coredns-5d78c9869d-abcde" }));
            Assert.That(page.Items[0].Metadata.Uid, Is.EqualTo("0b4a3c2d-1e5f-4a6b-8c7d-9e0f1a2b3c4d"));
            Assert.That(page.Items[0].Metadata.Labels, Is.EquivalentTo(new Dictionary<string, string> { ["app"] = "web", ["pod-template-hash"] = "7d9f8b6c5" }));
            Assert.That(page.Items[0].Metadata.OwnerReferences.Single().Uid, Is.EqualTo("11111111-2222-3333-4444-555555555555"));
            Assert.That(page.Items[0].Kind, Is.EqualTo("PartialObjectMetadata"));
        });
    }

    [Test]
    public async Task Watches_pods_as_metadata_and_parses_the_event_stream()
    {
        var handler = new FakeApiServerHandler(_ => Lines(
            """{"type":"ADDED","object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"a","namespace":"ns","uid":"u1","resourceVersion":"101","labels":{"app":"web"}}}}""",
            """{"type":"MODIFIED","object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"a","namespace":"ns","uid":"u1","resourceVersion":"102","labels":{"app":"api"}}}}""",
            "",
            """{"type":"BOOKMARK","object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"150","annotations":{"k8s.io/initial-events-end":"true"}}}}""",
            """{"type":"DELETED","object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"a","namespace":"ns","uid":"u1","resourceVersion":"151"}}}""",
            """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 100 (140)","reason":"Expired","code":410}}"""));
        using var client = ClientFor(handler);
        var source = KubernetesListWatchSources.RunningPodMetadata(KubernetesApiEndpoint.FromClient(client));

        var events = new List<WatchEvent<PartialObjectMetadata>>();
        await foreach (var watchEvent in source.WatchAsync(new WatchRequest("12345", TimeSpan.FromMinutes(5)), CancellationToken.None))
        {
            events.Add(watchEvent);
        }

        var request = handler.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Uri.AbsolutePath, Is.EqualTo("/api/v1/pods"));
            Assert.That(request.Uri.Query, Is.EqualTo(
                "?fieldSelector=status.phase%3DRunning&watch=true&allowWatchBookmarks=true&resourceVersion=12345&timeoutSeconds=300"));
            Assert.That(request.Accept, Is.EqualTo("application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json"));
            Assert.That(request.Authorization, Is.EqualTo("Bearer test-token"));

            Assert.That(events.Select(e => e.Type), Is.EqualTo(new[]
            {
                WatchEventType.Added, WatchEventType.Modified, WatchEventType.Bookmark, WatchEventType.Deleted, WatchEventType.Error,
            }));
            Assert.That(events[1].Object!.Metadata.Labels["app"], Is.EqualTo("api"));
            Assert.That(events.Select(e => e.ResourceVersion), Is.EqualTo(new[] { "101", "102", "150", "151", null }));
            Assert.That(events[4].Status!.Code, Is.EqualTo(410));
            Assert.That(WatchStatuses.IsGone(events[4].Status), Is.True);
        });
    }

    [Test]
    public void Error_responses_are_thrown_with_the_server_status()
    {
        var handler = new FakeApiServerHandler(_ => Json(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods is forbidden: User \"system:serviceaccount:x:y\" cannot list resource \"pods\"","reason":"Forbidden","code":403}""",
            HttpStatusCode.Forbidden));
        using var client = ClientFor(handler);
        var source = KubernetesListWatchSources.RunningPodMetadata(KubernetesApiEndpoint.FromClient(client));

        var error = Assert.ThrowsAsync<KubernetesApiException>(() => source.ListAsync(new ListRequest(10, null), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(error.Status?.Reason, Is.EqualTo("Forbidden"));
            Assert.That(error.Message, Is.EqualTo(
                "GET /api/v1/pods?fieldSelector=status.phase%3DRunning&limit=10 failed with 403 Forbidden: " +
                "pods is forbidden: User \"system:serviceaccount:x:y\" cannot list resource \"pods\""));
            Assert.That(WatchStatuses.IsGone(error), Is.False);
        });
    }

    [Test]
    public void Gone_when_starting_a_watch_is_recognisable_and_a_non_status_body_is_quoted()
    {
        var handler = new FakeApiServerHandler(request => request.RequestUri!.Query.Contains("watch=true", StringComparison.Ordinal)
            ? Json("""{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":410,"message":"expired"}""", HttpStatusCode.Gone)
            : new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("upstream connect error") });
        using var client = ClientFor(handler);
        var source = KubernetesListWatchSources.RunningPodMetadata(KubernetesApiEndpoint.FromClient(client));

        var gone = Assert.ThrowsAsync<KubernetesApiException>(async () =>
        {
            await foreach (var _ in source.WatchAsync(new WatchRequest("1", TimeSpan.FromMinutes(5)), CancellationToken.None))
            {
            }
        });
        var badGateway = Assert.ThrowsAsync<KubernetesApiException>(() => source.ListAsync(new ListRequest(null, null), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(WatchStatuses.IsGone(gone!), Is.True);
            Assert.That(badGateway!.Status, Is.Null);
            Assert.That(badGateway.Message, Does.EndWith("failed with 502 Bad Gateway: upstream connect error"));
        });
    }

    [Test]
    public async Task Watch_events_arrive_as_they_are_written_and_cancellation_stops_the_stream()
    {
        var pipe = new Pipe();
        var handler = new FakeApiServerHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(pipe.Reader.AsStream()) });
        using var client = ClientFor(handler);
        var source = KubernetesListWatchSources.RunningPodMetadata(KubernetesApiEndpoint.FromClient(client));
        using var stop = new CancellationTokenSource();
        var events = source.WatchAsync(new WatchRequest("7", TimeSpan.FromMinutes(5)), stop.Token).GetAsyncEnumerator(stop.Token);

        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(
            """{"type":"ADDED","object":{"kind":"PartialObjectMetadata","metadata":{"name":"a","namespace":"ns","resourceVersion":"8"}}}""" + "\n"));
        Assert.That(await events.MoveNextAsync().AsTask().WaitAsync(InformerHarness.Guard), Is.True);
        Assert.That(events.Current.Object!.Metadata.Name, Is.EqualTo("a"));

        var next = events.MoveNextAsync().AsTask();
        Assert.That(next.IsCompleted, Is.False, "the stream is still open");
        await stop.CancelAsync();

        Assert.That(async () => await next.WaitAsync(InformerHarness.Guard), Throws.InstanceOf<OperationCanceledException>());
        await events.DisposeAsync();
        await pipe.Writer.CompleteAsync();
    }

    [Test]
    public async Task Any_collection_can_be_listed_and_watched_with_plain_json()
    {
        var handler = new FakeApiServerHandler(request => request.RequestUri!.Query.Contains("watch=true", StringComparison.Ordinal)
            ? Lines("""{"type":"ADDED","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c","namespace":"ns","resourceVersion":"4"},"data":{"k":"v"}}}""")
            : Json("""{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"3"},"items":[{"metadata":{"name":"b","namespace":"ns"},"data":{"k":"v"}}]}"""));
        using var client = ClientFor(handler);
        var source = new HttpListWatchSource<V1ConfigMap>(
            KubernetesApiEndpoint.FromClient(client),
            new ResourceQuery("configmaps", "/api/v1/namespaces/ns/configmaps") { LabelSelector = "app in (a,b)" });

        var page = await source.ListAsync(new ListRequest(null, null), CancellationToken.None);
        var watched = new List<WatchEvent<V1ConfigMap>>();
        await foreach (var watchEvent in source.WatchAsync(new WatchRequest(string.Empty, TimeSpan.FromSeconds(0.5), AllowBookmarks: false), CancellationToken.None))
        {
            watched.Add(watchEvent);
        }

        Assert.Multiple(() =>
        {
            Assert.That(page.Items.Single().Data["k"], Is.EqualTo("v"));
            Assert.That(watched.Single().Object!.Metadata.Name, Is.EqualTo("c"));
            Assert.That(handler.Requests.Select(r => r.Uri.PathAndQuery), Is.EqualTo(new[]
            {
                "/api/v1/namespaces/ns/configmaps?labelSelector=app%20in%20%28a%2Cb%29",
                "/api/v1/namespaces/ns/configmaps?labelSelector=app%20in%20%28a%2Cb%29&watch=true&timeoutSeconds=1",
            }));
            Assert.That(handler.Requests.Select(r => r.Accept), Is.All.EqualTo("application/json"));
        });
    }
}
