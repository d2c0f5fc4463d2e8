using k8s;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Tests.Kubernetes.Testing;
using static MetricsOperator.Tests.Kubernetes.Testing.FakeApiServerHandler;

namespace MetricsOperator.Tests.Kubernetes.ListWatch;

public sealed class NodeListWatchSourceTests
{
    [Test]
    public async Task Lists_nodes_with_paging_and_a_label_selector()
    {
        var handler = new FakeApiServerHandler(_ => Json(
            """{"kind":"NodeList","apiVersion":"v1","metadata":{"resourceVersion":"77","continue":"more"},"items":[{"metadata":{"name":"node-1","resourceVersion":"70"}}]}"""));
        using var client = ClientFor(handler);
        var source = KubernetesListWatchSources.Nodes(KubernetesApiEndpoint.FromClient(client), labelSelector: "skip!=true");

        var page = await source.ListAsync(new ListRequest(2, "from-here"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(source.ResourceName, Is.EqualTo("nodes"));
            Assert.That(page.Items.Single().Metadata.Name, Is.EqualTo("node-1"));
            Assert.That(page.ResourceVersion, Is.EqualTo("77"));
            Assert.That(page.Continue, Is.EqualTo("more"));
            var query = handler.Requests.Single().Uri.Query;
            Assert.That(query, Does.Contain("continue=from-here").And.Contain("limit=2").And.Contain("labelSelector=skip%21%3Dtrue"));
            Assert.That(handler.Requests.Single().Authorization, Is.EqualTo("Bearer test-token"));
        });
    }

    [Test]
    public async Task Watch_error_events_are_surfaced_as_error_events()
    {
        var handler = new FakeApiServerHandler(_ => Lines(
            """{"type":"ADDED","object":{"kind":"Node","apiVersion":"v1","metadata":{"name":"node-1","resourceVersion":"80"}}}""",
            """{"type":"BOOKMARK","object":{"kind":"Node","apiVersion":"v1","metadata":{"resourceVersion":"90"}}}""",
            """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version","reason":"Expired","code":410}}""",
            """{"type":"ADDED","object":{"kind":"Node","apiVersion":"v1","metadata":{"name":"after-the-error","resourceVersion":"95"}}}"""));
        using var client = ClientFor(handler);
        var source = KubernetesListWatchSources.Nodes(KubernetesApiEndpoint.FromClient(client));

        // The informer stops reading at an error event (and relists or rewatches); so does this.
        var events = new List<WatchEvent<k8s.Models.V1Node>>();
        await foreach (var watchEvent in source.WatchAsync(new WatchRequest("77", TimeSpan.FromMinutes(7)), CancellationToken.None))
        {
            events.Add(watchEvent);
            if (watchEvent.Type == WatchEventType.Error)
            {
                break;
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(events.Select(e => e.Type), Is.EqualTo(new[] { WatchEventType.Added, WatchEventType.Bookmark, WatchEventType.Error }));
            Assert.That(events[1].ResourceVersion, Is.EqualTo("90"));
            Assert.That(events[2].Status?.Code, Is.EqualTo(410));
            Assert.That(handler.Requests.Single().Uri.Query, Does.Contain("allowWatchBookmarks=true")
                .And.Contain("resourceVersion=77").And.Contain("timeoutSeconds=420").And.Contain("watch=true"));
        });
    }

    [Test]
    public async Task Undecodable_lines_become_malformed_error_events()
    {
        var handler = new FakeApiServerHandler(_ => Lines(
            """{"type":"ADDED","object":{"kind":"Node","metadata":{"name":"node-1"}}}""",
            "{not json"));
        using var client = ClientFor(handler);

        var events = new List<WatchEvent<k8s.Models.V1Node>>();
        await foreach (var watchEvent in KubernetesListWatchSources.Nodes(KubernetesApiEndpoint.FromClient(client)).WatchAsync(new WatchRequest("1", TimeSpan.FromMinutes(5)), CancellationToken.None))
        {
            events.Add(watchEvent);
        }

        Assert.Multiple(() =>
        {
            Assert.That(events.Select(e => e.Type), Is.EqualTo(new[] { WatchEventType.Added, WatchEventType.Error }));
            Assert.That(WatchStatuses.IsMalformed(events[1].Status), Is.True);
            Assert.That(events[1].Status!.Message, Does.StartWith("undecodable watch event (").And.EndWith("{not json"));
        });
    }

    [Test]
    public async Task Delegating_source_adapts_any_typed_list_and_watch()
    {
        var nodes = new[] { new k8s.Models.V1Node { Metadata = new k8s.Models.V1ObjectMeta { Name = "n", ResourceVersion = "3" } } };
        var source = new DelegatingListWatchSource<k8s.Models.V1Node>(
            "custom",
            (request, _) => Task.FromResult(new ListPage<k8s.Models.V1Node>(nodes, "5", null)),
            (request, onError, _) => Stream(onError));

        var page = await source.ListAsync(new ListRequest(1, null), CancellationToken.None);
        var events = new List<WatchEvent<k8s.Models.V1Node>>();
        await foreach (var watchEvent in source.WatchAsync(new WatchRequest("5", TimeSpan.FromMinutes(5)), CancellationToken.None))
        {
            events.Add(watchEvent);
        }

        Assert.Multiple(() =>
        {
            Assert.That(page.ResourceVersion, Is.EqualTo("5"));
            Assert.That(events.Select(e => e.Type), Is.EqualTo(new[] { WatchEventType.Modified, WatchEventType.Error }));
            Assert.That(events[1].Status!.Reason, Is.EqualTo("Gone"));
        });

        async IAsyncEnumerable<(WatchEventType, k8s.Models.V1Node)> Stream(Action<Exception> onError)
        {
            await Task.Yield();
            yield return (WatchEventType.Modified, nodes[0]);
            onError(new KubernetesException(TestObjects.Status(410, "Gone")));
        }
    }
}
