using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;
using MetricsOperator.KubeletFarm;

namespace MetricsOperator.Tests.EndToEnd;

/// <summary>
/// Scenario 11: the calls the HPA and the VPA make, through the aggregator: a namespaced pod metrics list with a
/// label selector in protobuf (as the HPA's client asks), and a cluster-wide list (as the VPA recommender does).
/// </summary>
[TestFixture]
[Order(11)]
[NonParallelizable]
internal sealed class AutoscalerCallTests
{
    [OneTimeSetUp]
    public Task ReadyAsync() => EndToEndSandbox.WaitReadyAsync();

    [Test]
    public async Task HpaStyleNamespacedListWithALabelSelectorInProtobuf()
    {
        var pods = EndToEndSandbox.Current.Farm.Nodes.SelectMany(n => n.Pods).ToList();
        var target = pods[0];
        var app = target.Labels["app"];
        var selected = pods.Where(p => p.Namespace == target.Namespace && p.Labels.GetValueOrDefault("app") == app).ToList();
        var others = pods.Where(p => p.Namespace == target.Namespace && !selected.Contains(p)).ToList();
        var path = $"/apis/metrics.k8s.io/v1beta1/namespaces/{target.Namespace}/pods?labelSelector=app%3D{app}";
        using var client = EndToEndSandbox.Current.AdminHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("application/vnd.kubernetes.protobuf, */*");

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        var json = await ListAsync(client, path);

        Assert.That(response.IsSuccessStatusCode, Is.True, $"{(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/vnd.kubernetes.protobuf"));
        Assert.That(body.AsSpan(0, 4).ToArray(), Is.EqualTo("k8s\0"u8.ToArray()), "no protobuf envelope magic");
        var text = Encoding.UTF8.GetString(body);
        Assert.That(text, Does.Contain("PodMetricsList"));
        Assert.That(selected.Where(p => !text.Contains(p.Name, StringComparison.Ordinal)).Select(p => p.Name), Is.Empty, "selected pods missing from the protobuf answer");
        Assert.That(others.Where(p => text.Contains(p.Name, StringComparison.Ordinal)).Select(p => p.Name), Is.Empty, "pods outside the selector in the protobuf answer");
        AssertPodMetrics(json, selected);
    }

    [Test]
    public async Task VpaStyleClusterWideListHasEveryPodAndNode()
    {
        var farm = EndToEndSandbox.Current.Farm;
        using var client = EndToEndSandbox.Current.AdminHttpClient();

        var pods = await ListAsync(client, "/apis/metrics.k8s.io/v1beta1/pods");
        var nodes = await ListAsync(client, "/apis/metrics.k8s.io/v1beta1/nodes");

        AssertPodMetrics(pods, [.. farm.Nodes.SelectMany(n => n.Pods)]);
        var nodeItems = nodes["items"]!.AsArray().OfType<JsonObject>().ToDictionary(i => (string)i["metadata"]!["name"]!);
        Assert.That(nodeItems.Keys.Order(), Is.EqualTo(farm.Nodes.Select(n => n.Name).Order()));
        foreach (var node in farm.Nodes)
        {
            AssertUsage(node.Name, nodeItems[node.Name]["usage"]!, node.ExpectedNodeUsage());
        }
    }

    private static async Task<JsonObject> ListAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static void AssertPodMetrics(JsonObject list, IReadOnlyList<SimulatedPod> expected)
    {
        var items = list["items"]!.AsArray().OfType<JsonObject>().ToDictionary(i => (string)i["metadata"]!["namespace"]! + "/" + (string)i["metadata"]!["name"]!);
        Assert.That(items.Keys.Order(), Is.EqualTo(expected.Select(p => p.Namespace + "/" + p.Name).Order()));
        foreach (var pod in expected)
        {
            var containers = items[pod.Namespace + "/" + pod.Name]["containers"]!.AsArray().OfType<JsonObject>().ToDictionary(c => (string)c["name"]!);
            Assert.That(containers.Keys.Order(), Is.EqualTo(pod.Containers.Select(c => c.Name).Order()), pod.Name);
            foreach (var container in pod.Containers)
            {
                AssertUsage(pod.Name + "/" + container.Name, containers[container.Name]["usage"]!, container.Usage);
            }
        }
    }

    private static void AssertUsage(string what, JsonNode usage, ResourceUsage expected)
    {
        var cpu = new ResourceQuantity((string)usage["cpu"]!).ToDecimal() * 1e9m;
        var memory = new ResourceQuantity((string)usage["memory"]!).ToDecimal();
        Assert.That((double)cpu, Is.EqualTo(expected.NanoCores).Within(1_000_000), what + " cpu");
        Assert.That((double)memory, Is.EqualTo(expected.MemoryBytes).Within(1024 * 1024), what + " memory");
    }
}
