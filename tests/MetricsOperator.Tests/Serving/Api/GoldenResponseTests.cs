using System.Net;
using System.Text.Json.Nodes;
using MetricsOperator.Scraping;
using MetricsOperator.Tests.Fixtures;
using MetricsOperator.Tests.Storage;
using static MetricsOperator.Tests.Serving.Api.ApiJson;

namespace MetricsOperator.Tests.Serving.Api;

/// <summary>Responses compared structurally with the reference's wire shapes in <c>fixtures/metrics-server/api</c>.</summary>
public sealed class GoldenResponseTests
{
    private const string Api = "/apis/metrics.k8s.io/v1beta1";
    private const string TableV1 = "application/json;as=Table;v=v1;g=meta.k8s.io";

    [Test]
    public async Task Node_from_decoded_kubelet_scrapes_is_the_storage_fixture()
    {
        using var cluster = new TestCluster().Node("node1");
        cluster.Publish();
        StoreSequence(cluster, "node-basic", "scrape-1.prom", "scrape-2.prom");
        await using var server = await MetricsApiTestServer.StartAsync(cluster);

        var actual = await ReadAsync(await server.GetAsync($"{Api}/nodes/node1"));

        AssertSame(actual, WithTimes(Fixture("nodemetrics-node1-storage.json"), cluster.NowText, cluster.NowText));
    }

    [Test]
    public async Task Pod_from_decoded_kubelet_scrapes_is_the_storage_fixture()
    {
        using var cluster = new TestCluster().Node("node1").Pod("node1", "ns1", "pod1", []);
        cluster.Publish();
        StoreSequence(cluster, "pod-basic", "scrape-1.prom", "scrape-2.prom");
        await using var server = await MetricsApiTestServer.StartAsync(cluster);

        var actual = await ReadAsync(await server.GetAsync($"{Api}/namespaces/ns1/pods/pod1"));

        AssertSame(actual, WithTimes(Fixture("podmetrics-pod1-storage.json"), cluster.NowText, cluster.NowText));
    }

    [Test]
    public async Task Node_list_is_the_unit_fixture_with_cpu_and_memory_for_res1()
    {
        using var cluster = UnitFakeCluster.Build();
        await using var server = await MetricsApiTestServer.StartAsync(cluster);
        var expected = WithTimes(Fixture("nodemetricslist-unit-fake.json"), cluster.NowText, cluster.NowText);
        foreach (var item in expected["items"]!.AsArray())
        {
            var (cpu, memory) = UnitFakeCluster.NodeUsage[item!["metadata"]!["name"]!.GetValue<string>()];
            item["usage"] = new JsonObject { ["cpu"] = cpu, ["memory"] = memory };
        }

        var actual = await ReadAsync(await server.GetAsync($"{Api}/nodes"));

        AssertSame(actual, expected, "node4 and node5 have no metrics and are left out");
    }

    [Test]
    public async Task Pod_list_is_the_unit_fixture_with_full_container_usage()
    {
        using var cluster = UnitFakeCluster.Build();
        await using var server = await MetricsApiTestServer.StartAsync(cluster);
        var expected = WithTimes(Fixture("podmetricslist-unit-fake.json"), cluster.NowText, cluster.NowText);
        foreach (var container in expected["items"]!.AsArray().SelectMany(item => item!["containers"]!.AsArray()))
        {
            var (cpu, memory) = UnitFakeCluster.ContainerUsage[container!["name"]!.GetValue<string>()];
            container["usage"] = new JsonObject { ["cpu"] = cpu, ["memory"] = memory };
        }

        var actual = await ReadAsync(await server.GetAsync($"{Api}/pods"));

        AssertSame(actual, expected, "pod4 has no metrics and is left out");
    }

    [Test]
    public async Task Pod_table_is_the_unit_fixture()
    {
        using var cluster = UnitFakeCluster.Build();
        await using var server = await MetricsApiTestServer.StartAsync(cluster);

        var response = await server.GetAsync($"{Api}/pods", TableV1);
        var actual = await ReadAsync(response);

        Assert.That(response.Content.Headers.ContentType!.ToString(), Does.StartWith("application/json"));
        AssertSame(actual, WithTimes(Fixture("table-pods-unit-fake.json"), cluster.NowText, cluster.NowText));
    }

    [Test]
    public async Task Node_table_is_the_unit_fixture_with_cpu_and_memory_columns_for_res1()
    {
        using var cluster = UnitFakeCluster.Build();
        await using var server = await MetricsApiTestServer.StartAsync(cluster);
        var expected = WithTimes(Fixture("table-nodes-unit-fake.json"), cluster.NowText, cluster.NowText);
        var columns = expected["columnDefinitions"]!.AsArray();
        var resource = columns[1]!.AsObject();
        Assert.That(resource["name"]!.GetValue<string>(), Is.EqualTo("res1"));
        columns.RemoveAt(1);
        foreach (var (position, name) in new[] { (1, "cpu"), (2, "memory") })
        {
            var column = resource.DeepClone().AsObject();
            column["name"] = name;
            columns.Insert(position, column);
        }

        foreach (var row in expected["rows"]!.AsArray())
        {
            var cells = row!["cells"]!.AsArray();
            var (cpu, memory) = UnitFakeCluster.NodeUsage[cells[0]!.GetValue<string>()];
            cells[1] = cpu;
            cells.Insert(2, memory);
        }

        var actual = await ReadAsync(await server.GetAsync($"{Api}/nodes", TableV1));

        AssertSame(actual, expected);
    }

    [Test]
    public async Task Node_without_metrics_is_the_not_found_fixture()
    {
        using var cluster = UnitFakeCluster.Build();
        await using var server = await MetricsApiTestServer.StartAsync(cluster);

        var actual = await ReadAsync(await server.GetAsync($"{Api}/nodes/node4"), HttpStatusCode.NotFound);

        AssertSame(actual, Fixture("status-notfound-nodemetrics.json"));
    }

    [Test]
    public async Task Running_pod_without_metrics_is_the_podmetrics_not_found_fixture()
    {
        using var cluster = new TestCluster().Node("node1").Pod("node1", "default", "example", []).Publish();
        await using var server = await MetricsApiTestServer.StartAsync(cluster);

        var actual = await ReadAsync(await server.GetAsync($"{Api}/namespaces/default/pods/example"), HttpStatusCode.NotFound);

        AssertSame(actual, Fixture("status-notfound-podmetrics.json"));
    }

    [Test]
    public async Task Pod_that_is_not_running_is_the_pod_not_found_fixture_even_with_metrics()
    {
        using var cluster = new TestCluster()
            .Node("node1")
            .Pod("node1", "default", "example", [new("app", 1_000_000, 1024 * 1024)], running: false)
            .Publish();
        await using var server = await MetricsApiTestServer.StartAsync(cluster);

        var actual = await ReadAsync(await server.GetAsync($"{Api}/namespaces/default/pods/example"), HttpStatusCode.NotFound);

        AssertSame(actual, Fixture("status-notfound-pod-not-running.json"));
    }

    [Test]
    public async Task Unknown_node_is_a_nodes_not_found_status()
    {
        using var cluster = UnitFakeCluster.Build();
        await using var server = await MetricsApiTestServer.StartAsync(cluster);

        var actual = await ReadAsync(await server.GetAsync($"{Api}/nodes/nope"), HttpStatusCode.NotFound);

        Assert.Multiple(() =>
        {
            Assert.That(actual["message"]!.GetValue<string>(), Is.EqualTo("nodes \"nope\" not found"));
            Assert.That(actual["reason"]!.GetValue<string>(), Is.EqualTo("NotFound"));
            Assert.That(actual["details"]!["kind"]!.GetValue<string>(), Is.EqualTo("nodes"));
        });
    }

    [Test]
    public async Task A_single_object_carries_kind_and_api_version_first_and_list_items_do_not()
    {
        using var cluster = UnitFakeCluster.Build();
        await using var server = await MetricsApiTestServer.StartAsync(cluster);

        var node = (await ReadAsync(await server.GetAsync($"{Api}/nodes/node1"))).AsObject();
        var pod = (await ReadAsync(await server.GetAsync($"{Api}/namespaces/other/pods/pod1"))).AsObject();
        var list = (await ReadAsync(await server.GetAsync($"{Api}/namespaces/other/pods"))).AsObject();

        Assert.Multiple(() =>
        {
            Assert.That(node.Select(p => p.Key), Is.EqualTo(new[] { "kind", "apiVersion", "metadata", "timestamp", "window", "usage" }));
            Assert.That(pod.Select(p => p.Key), Is.EqualTo(new[] { "kind", "apiVersion", "metadata", "timestamp", "window", "containers" }));
            Assert.That(node["metadata"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "name", "creationTimestamp", "labels" }));
            Assert.That(pod["metadata"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "name", "namespace", "creationTimestamp", "labels" }));
            Assert.That(list.Select(p => p.Key), Is.EqualTo(new[] { "kind", "apiVersion", "metadata", "items" }));
            Assert.That(list["items"]!.AsArray().Select(i => i!.AsObject().ContainsKey("kind") || i.AsObject().ContainsKey("apiVersion")), Is.All.False);
        });
    }

    private static void StoreSequence(TestCluster cluster, string sequence, params string[] scrapes)
    {
        var decoder = new KubeletPayloadDecoder();
        var payload = new DecodedPayload();
        foreach (var scrape in scrapes)
        {
            var bytes = File.ReadAllBytes(Path.Combine(SharedFixtures.Sequence(sequence), scrape));
            Assert.That(decoder.TryDecode(bytes, PayloadBuilder.UnixNano(PayloadBuilder.T0), payload, out var error), Is.True, () => $"{scrape}: {error}");
            cluster.Store.StoreNode("node1", payload);
        }
    }
}
