using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MetricsOperator.KubeletFarm;
using static MetricsOperator.Tests.Fixtures.KubectlRunner;

namespace MetricsOperator.Tests.Hosting;

/// <summary>
/// Real clients against the composed <c>run</c> process, each authenticating with an x509 client certificate of the
/// cluster CA and verifying the served certificate: the KubernetesClient package's own metrics calls, and kubectl
/// 1.27 and 1.33 (<c>top pod</c>, <c>get --raw</c>, <c>get podmetrics -o yaml</c> straight at the endpoint;
/// <c>top node</c>, which also lists core nodes, through the fake API server's aggregation). Every printed number
/// is what the kubelet farm was set to report.
/// </summary>
[NonParallelizable]
public sealed class OperatorHostClientTests
{
    private RunningOperatorHost _running = null!;
    private CancellationTokenSource _timeout = null!;
    private string _certificateFile = string.Empty;
    private string _keyFile = string.Empty;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        _running = await RunningOperatorHost.StartAsync(_timeout.Token);
        using var viewer = _running.Ca.IssueClientCertificate("viewer", ["system:authenticated"]);
        (_certificateFile, _keyFile) = TestCertificateAuthority.WriteFiles(viewer, _running.Directory, "viewer");
        _running.Api.Aggregation.Upstream = _running.Client(viewer);
        await RunningOperatorHost.WaitForNodeListAsync(_running.Api.Aggregation.Upstream, _timeout.Token);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _running.Api.Aggregation.Upstream?.Dispose();
        await _running.DisposeAsync();
        _timeout.Dispose();
    }

    [Test]
    public async Task The_client_packages_metrics_calls_decode_what_the_farm_reports()
    {
        var config = new KubernetesClientConfiguration
        {
            Host = _running.Server,
            ClientCertificateFilePath = _certificateFile,
            ClientKeyFilePath = _keyFile,
            SslCaCerts = [_running.Ca.Certificate],
        };
        using var client = new k8s.Kubernetes(config);
        var farm = _running.Farm;
        var aPod = farm.Nodes[0].Pods[0];

        var nodes = await client.GetKubernetesNodesMetricsAsync();
        var pods = await client.GetKubernetesPodsMetricsAsync();
        var namespaced = await client.GetKubernetesPodsMetricsByNamespaceAsync(aPod.Namespace);

        Assert.That(nodes.Items.Select(n => n.Metadata.Name), Is.EquivalentTo(farm.Nodes.Select(n => n.Name)));
        foreach (var node in nodes.Items.ToList())
        {
            var expected = farm.Nodes.Single(n => n.Name == node.Metadata.Name).ExpectedNodeUsage();
            Assert.That(node.Usage["cpu"].ToDouble() * 1e9, Is.EqualTo((double)expected.NanoCores).Within(1e-4).Percent, node.Metadata.Name);
            Assert.That(node.Usage["memory"].ToInt64(), Is.EqualTo(expected.MemoryBytes), node.Metadata.Name);
            Assert.That(node.Timestamp, Is.Not.Null);
        }

        var farmPods = farm.Nodes.SelectMany(n => n.Pods.Select(p => (Node: n, Pod: p))).ToList();
        Assert.That(pods.Items.Select(p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}"), Is.EquivalentTo(farmPods.Select(p => $"{p.Pod.Namespace}/{p.Pod.Name}")));
        foreach (var pod in pods.Items.ToList())
        {
            var (node, _) = farmPods.Single(p => p.Pod.Namespace == pod.Metadata.NamespaceProperty && p.Pod.Name == pod.Metadata.Name);
            var expected = node.ExpectedPodUsage(pod.Metadata.NamespaceProperty, pod.Metadata.Name);
            Assert.That(pod.Containers.Sum(c => c.Usage["cpu"].ToDouble()) * 1e9, Is.EqualTo((double)expected.NanoCores).Within(1e-4).Percent, pod.Metadata.Name);
            Assert.That(pod.Containers.Sum(c => c.Usage["memory"].ToInt64()), Is.EqualTo(expected.MemoryBytes), pod.Metadata.Name);
            Assert.That(pod.Containers, Has.Count.EqualTo(2));
        }

        Assert.That(namespaced.Items.Select(p => p.Metadata.Name), Is.EquivalentTo(farmPods.Where(p => p.Pod.Namespace == aPod.Namespace).Select(p => p.Pod.Name)));
        Assert.That(namespaced.Items.All(p => p.Metadata.NamespaceProperty == aPod.Namespace), Is.True);
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task Kubectl_top_pod_prints_the_farms_pod_usage(string version)
    {
        var output = await SucceedDirectAsync(version, "top", "pod", "-A");

        var expected = _running.Farm.Nodes
            .SelectMany(n => n.Pods.Select(p => (p.Namespace, p.Name, Usage: n.ExpectedPodUsage(p.Namespace, p.Name))))
            .Select(p => $"{p.Namespace} {p.Name} {Cpu(p.Usage)} {Memory(p.Usage)}");
        Assert.That(Columns(output)[0], Is.EqualTo("NAMESPACE NAME CPU(cores) MEMORY(bytes)"));
        Assert.That(Columns(output)[1..], Is.EquivalentTo(expected));
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task Kubectl_top_node_through_the_aggregator_prints_the_farms_node_usage(string version)
    {
        var (exitCode, output, error) = await RunAsync(version, _running.Api.Address.ToString().TrimEnd('/'), "--certificate-authority", _running.CaFile, "top", "node");

        Assert.That(exitCode, Is.Zero, error);
        var rows = Columns(output);
        Assert.That(rows[0], Does.StartWith("NAME CPU(cores) CPU"));
        var printed = rows[1..].Select(row => row.Split(' ')).Select(cells => $"{cells[0]} {cells[1]} {cells[3]}");
        Assert.That(printed, Is.EquivalentTo(_running.Farm.Nodes.Select(n => $"{n.Name} {Cpu(n.ExpectedNodeUsage())} {Memory(n.ExpectedNodeUsage())}")));
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task Kubectl_get_raw_answers_every_metrics_path(string version)
    {
        var pod = _running.Farm.Nodes[1].Pods[0];
        var node = _running.Farm.Nodes[0];

        var discovery = await SucceedDirectAsync(version, "get", "--raw", "/apis/metrics.k8s.io/v1beta1");
        var nodes = await SucceedDirectAsync(version, "get", "--raw", "/apis/metrics.k8s.io/v1beta1/nodes");
        var oneNode = await SucceedDirectAsync(version, "get", "--raw", $"/apis/metrics.k8s.io/v1beta1/nodes/{node.Name}");
        var onePod = await SucceedDirectAsync(version, "get", "--raw", $"/apis/metrics.k8s.io/v1beta1/namespaces/{pod.Namespace}/pods/{pod.Name}");

        Assert.Multiple(() =>
        {
            Assert.That(discovery, Does.StartWith("{\"kind\":\"APIResourceList\""));
            Assert.That(nodes, Does.StartWith("{\"kind\":\"NodeMetricsList\",\"apiVersion\":\"metrics.k8s.io/v1beta1\""));
            Assert.That(new ResourceQuantity(JsonNode.Parse(oneNode)!["usage"]!["memory"]!.GetValue<string>()).ToInt64(), Is.EqualTo(node.ExpectedNodeUsage().MemoryBytes));
            Assert.That(onePod, Does.StartWith("{\"kind\":\"PodMetrics\",\"apiVersion\":\"metrics.k8s.io/v1beta1\""));
            Assert.That(onePod, Does.Contain($"\"name\":\"{pod.Name}\",\"namespace\":\"{pod.Namespace}\""));
        });
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task Kubectl_get_one_podmetrics_as_yaml_prints_the_farms_containers(string version)
    {
        var node = _running.Farm.Nodes[0];
        var pod = node.Pods[1];

        var output = await SucceedDirectAsync(version, "get", "podmetrics", "-n", pod.Namespace, pod.Name, "-o", "yaml");

        Assert.Multiple(() =>
        {
            Assert.That(output, Does.StartWith("apiVersion: metrics.k8s.io/v1beta1"));
            Assert.That(output, Does.Contain("kind: PodMetrics"));
            Assert.That(output, Does.Contain($"  name: {pod.Name}\n"));
            Assert.That(output, Does.Contain($"  namespace: {pod.Namespace}\n"));
            Assert.That(output, Does.Contain("window: "));
            foreach (var container in pod.Containers)
            {
                Assert.That(output, Does.Contain($"- name: {container.Name}\n"));
            }
        });
    }

    // kubectl top prints milli-cores rounded up and whole MiB rounded down (resource.Quantity MilliValue and Value / 2^20).
    private static string Cpu(ResourceUsage usage) => ((usage.NanoCores + 999_999) / 1_000_000).ToString(CultureInfo.InvariantCulture) + "m";

    private static string Memory(ResourceUsage usage) => (usage.MemoryBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + "Mi";

    private async Task<string> SucceedDirectAsync(string version, params string[] arguments)
    {
        var (exitCode, output, error) = await RunAsync(
            version,
            _running.Server,
            ["--certificate-authority", _running.CaFile, "--client-certificate", _certificateFile, "--client-key", _keyFile, .. arguments]);
        Assert.That(exitCode, Is.Zero, $"kubectl.{version} {string.Join(' ', arguments)}: {error}");
        return output;
    }
}
