using System.Collections.Concurrent;
using System.Net;
using MetricsOperator.Serving.Api;
using MetricsOperator.Serving.Discovery;
using MetricsOperator.Serving.Protobuf;
using static MetricsOperator.Tests.Fixtures.KubectlRunner;

namespace MetricsOperator.Tests.Serving.Api;

/// <summary>
/// The real kubectl (1.27 and 1.33) against the metrics API as composed with discovery and the protobuf
/// representation, over plain HTTP on loopback: server-side Tables for <c>get</c>, protobuf for <c>top</c>, the
/// reference's 404 message, and the C# client's trailing-slash paths through <c>get --raw</c>.
/// </summary>
[NonParallelizable]
public sealed class KubectlTests
{
    private readonly ConcurrentQueue<string> _requests = new();
    private TestCluster _cluster = null!;
    private WebApplication _app = null!;
    private string _server = string.Empty;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _cluster = UnitFakeCluster.Build();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<TimeProvider>(_cluster.Clock);
        builder.Services.AddSingleton(_cluster.Store);
        builder.Services.AddSingleton(_cluster.Pods);
        builder.Services.AddSingleton<INodeDirectory>(_cluster.NodeDirectory);
        builder.Services.AddMetricsApi();
        builder.Services.AddProtobufMetricsRepresentation();
        _app = builder.Build();
        _app.Use((http, next) =>
        {
            _requests.Enqueue($"{http.Request.Path}{http.Request.QueryString} | {http.Request.Headers.Accept}");
            return next(http);
        });
        _app.MapDiscovery();
        _app.MapMetricsApi();
        await _app.StartAsync();
        _server = _app.Urls.Single();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _app.DisposeAsync();
        _cluster.Dispose();
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task Get_podmetrics_prints_the_servers_table(string version)
    {
        var output = await SucceedAsync(version, "get", "podmetrics", "-A");

        Assert.That(Columns(output), Is.EqualTo(new[]
        {
            "NAMESPACE NAME CPU MEMORY WINDOW",
            "other pod1 10m 5Mi 1µs",
            "other pod2 20m 15Mi 2µs",
            "testValue pod3 20m 25Mi 3µs",
        }));
        Assert.That(_requests, Has.Some.Contains("/apis/metrics.k8s.io/v1beta1/pods?limit=500 | application/json;as=Table;v=v1;g=meta.k8s.io"));
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task Get_nodemetrics_with_a_label_selector_prints_the_servers_table(string version)
    {
        var output = await SucceedAsync(version, "get", "nodemetrics", "-l", "labelKey");

        Assert.That(Columns(output), Is.EqualTo(new[]
        {
            "NAME CPU MEMORY WINDOW",
            "node1 10m 1Mi 1µs",
            "node3 1 3Mi 3µs",
        }));
    }

    [Test]
    public async Task Get_one_podmetrics_as_yaml_carries_kind_and_api_version()
    {
        var output = await SucceedAsync("1.33", "get", "podmetrics", "-n", "other", "pod2", "-o", "yaml");

        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("apiVersion: metrics.k8s.io/v1beta1"));
            Assert.That(output, Does.Contain("kind: PodMetrics"));
            Assert.That(output, Does.Contain("window: 2µs"));
            Assert.That(output, Does.Contain("- name: metric2"));
        });
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task Top_pod_with_containers_prints_every_container(string version)
    {
        var output = await SucceedAsync(version, "top", "pod", "-n", "other", "--containers");

        Assert.That(Columns(output), Is.EqualTo(new[]
        {
            "POD NAME CPU(cores) MEMORY(bytes)",
            "pod1 metric1 6m 2Mi",
            "pod1 metric1-b 4m 3Mi",
            "pod2 metric2 20m 15Mi",
        }));
    }

    [Test]
    public async Task Top_pod_is_answered_in_protobuf()
    {
        _requests.Clear();

        var output = await SucceedAsync("1.33", "top", "pod", "-A");

        Assert.That(Columns(output)[1..], Is.EqualTo(new[] { "other pod1 10m 5Mi", "other pod2 20m 15Mi", "testValue pod3 20m 25Mi" }));
        Assert.That(_requests, Has.Some.StartsWith("/apis/metrics.k8s.io/v1beta1/pods | application/vnd.kubernetes.protobuf"));
    }

    /// <summary>
    /// A namespaced get that fails makes kubectl 1.33 look the namespace up in the core API, which this server does
    /// not have; <c>--raw</c> shows our Status message as it is.
    /// </summary>
    [TestCase("get", "nodemetrics", "node4", "nodemetrics.metrics.k8s.io \"node4\" not found")]
    [TestCase("get", "--raw", "/apis/metrics.k8s.io/v1beta1/namespaces/testValue/pods/pod4", "podmetrics.metrics.k8s.io \"testValue/pod4\" not found")]
    [TestCase("get", "--raw", "/apis/metrics.k8s.io/v1beta1/namespaces/testValue/pods/gone", "pods \"gone\" not found")]
    public async Task Objects_without_metrics_get_the_references_not_found(string verb, string what, string name, string message)
    {
        var (exitCode, _, error) = await RunAsync("1.33", _server, verb, what, name);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Not.Zero);
            Assert.That(error, Does.Contain($"Error from server (NotFound): {message}"));
        });
    }

    [Test]
    public async Task Raw_paths_with_a_trailing_slash_answer()
    {
        var output = await SucceedAsync("1.33", "get", "--raw", "/apis/metrics.k8s.io/v1beta1/namespaces/other/pods/");

        Assert.That(output, Does.StartWith("{\"kind\":\"PodMetricsList\",\"apiVersion\":\"metrics.k8s.io/v1beta1\""));
    }

    private async Task<string> SucceedAsync(string version, params string[] arguments)
    {
        var (exitCode, output, error) = await RunAsync(version, _server, arguments);
        Assert.That(exitCode, Is.Zero, $"kubectl.{version} {string.Join(' ', arguments)}: {error}\nrequests:\n{string.Join('\n', _requests)}");
        return output;
    }
}
