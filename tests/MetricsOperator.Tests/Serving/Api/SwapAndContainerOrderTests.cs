using static MetricsOperator.Tests.Serving.Api.ApiJson;

namespace MetricsOperator.Tests.Serving.Api;

/// <summary><c>usage.swap</c> only when swap serving is on and the kubelet reported it; containers in name order.</summary>
public sealed class SwapAndContainerOrderTests
{
    private const string Api = "/apis/metrics.k8s.io/v1beta1";
    private const ulong MiB = 1024 * 1024;

    private static TestCluster SwapCluster() => new TestCluster()
        .Node("with-swap", new NodeMetricsSpec(500_000_000, 512 * MiB, TimeSpan.FromSeconds(15), SwapBytes: 3 * MiB))
        .Node("without-swap", new NodeMetricsSpec(500_000_000, 512 * MiB, TimeSpan.FromSeconds(15)))
        .Pod("with-swap", "ns", "pod", [new("swapping", 100_000_000, 10 * MiB, 1000), new("not-swapping", 100_000_000, 10 * MiB)])
        .Publish();

    [Test]
    public async Task Swap_is_served_where_reported_when_enabled()
    {
        using var cluster = SwapCluster();
        await using var server = await MetricsApiTestServer.StartAsync(cluster, includeSwap: true);

        var nodes = await ReadAsync(await server.GetAsync($"{Api}/nodes"));
        var pod = await ReadAsync(await server.GetAsync($"{Api}/namespaces/ns/pods/pod"));

        Assert.Multiple(() =>
        {
            Assert.That(nodes["items"]![0]!["usage"]!.ToJsonString(), Is.EqualTo("""{"cpu":"500m","memory":"512Mi","swap":"3Mi"}"""));
            Assert.That(nodes["items"]![1]!["usage"]!.ToJsonString(), Is.EqualTo("""{"cpu":"500m","memory":"512Mi"}"""));
            Assert.That(pod["containers"]![0]!["usage"]!.ToJsonString(), Is.EqualTo("""{"cpu":"100m","memory":"10Mi"}"""));
            Assert.That(pod["containers"]![1]!["usage"]!.ToJsonString(), Is.EqualTo("""{"cpu":"100m","memory":"10Mi","swap":"1k"}"""));
        });
    }

    [Test]
    public async Task Swap_is_not_served_when_disabled()
    {
        using var cluster = SwapCluster();
        await using var server = await MetricsApiTestServer.StartAsync(cluster, includeSwap: false);

        var nodes = await ReadAsync(await server.GetAsync($"{Api}/nodes"));
        using var yaml = await server.GetAsync($"{Api}/pods", "application/yaml");

        Assert.Multiple(async () =>
        {
            Assert.That(nodes.ToJsonString(), Does.Not.Contain("\"swap\":"));
            Assert.That(await yaml.Content.ReadAsStringAsync(), Does.Not.Contain("swap:"));
        });
    }

    [Test]
    public async Task The_table_is_the_same_with_swap_served()
    {
        using var cluster = SwapCluster();
        await using var withSwap = await MetricsApiTestServer.StartAsync(cluster, includeSwap: true);
        await using var withoutSwap = await MetricsApiTestServer.StartAsync(cluster, includeSwap: false);
        const string table = "application/json;as=Table;v=v1;g=meta.k8s.io";

        foreach (var path in new[] { "nodes", "pods" })
        {
            var on = await ReadAsync(await withSwap.GetAsync($"{Api}/{path}", table));
            var off = await ReadAsync(await withoutSwap.GetAsync($"{Api}/{path}", table));
            AssertSame(on, off, path);
            Assert.That(on["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "Name", "cpu", "memory", "Window" }));
        }
    }

    [Test]
    public async Task Containers_are_written_in_name_order_whatever_the_kubelet_order()
    {
        using var cluster = new TestCluster()
            .Node("node1")
            .Pod("node1", "ns", "pod", [new("zeta", 1_000_000, MiB), new("alpha", 2_000_000, 2 * MiB), new("mid", 3_000_000, 3 * MiB), new("Upper", 4_000_000, 4 * MiB)])
            .Publish();
        await using var server = await MetricsApiTestServer.StartAsync(cluster);

        var json = await ReadAsync(await server.GetAsync($"{Api}/namespaces/ns/pods/pod"));
        using var yamlResponse = await server.GetAsync($"{Api}/namespaces/ns/pods/pod", "application/yaml");
        var yaml = YamlReader.Read(await yamlResponse.Content.ReadAsStringAsync())!;
        var table = await ReadAsync(await server.GetAsync($"{Api}/namespaces/ns/pods", "application/json;as=Table;v=v1;g=meta.k8s.io"));

        Assert.Multiple(() =>
        {
            Assert.That(json["containers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "Upper", "alpha", "mid", "zeta" }));
            Assert.That(json["containers"]![1]!["usage"]!["memory"]!.GetValue<string>(), Is.EqualTo("2Mi"), "usage stays with its container");
            AssertSame(yaml, json);
            Assert.That(table["rows"]![0]!["cells"]!.ToJsonString(), Is.EqualTo("""["pod","10m","10Mi","10s"]"""));
        });
    }
}
