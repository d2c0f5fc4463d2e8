using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MetricsOperator.Serving.Discovery;
using MetricsOperator.Serving.Protobuf;
using MetricsOperator.Storage;
using MetricsOperator.Tests.Fixtures;

namespace MetricsOperator.Tests.Serving.Protobuf;

/// <summary>
/// The real kubectl 1.27 and 1.33 (the versioned binaries, not the dispatcher) discover the group through our
/// aggregated discovery and decode our protobuf pod list. The server here is plain HTTP on loopback and serves only
/// discovery and a pod list; TLS, authentication and the full routes are tested with the composed server.
/// </summary>
[NonParallelizable]
public sealed class KubectlTests
{
    private readonly ConcurrentQueue<string> _requests = new();
    private WebApplication? _app;
    private MetricsStore? _store;
    private string _server = string.Empty;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _store = ServedSamples.PodStore();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Use((context, next) =>
        {
            _requests.Enqueue($"{context.Request.Path} | {context.Request.Headers.Accept}");
            return next(context);
        });
        _app.MapDiscovery();
        _app.MapGet(MetricsApiGroup.Path + "/pods", WritePods);
        await _app.StartAsync();
        _server = _app.Urls.Single();
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task Top_pod_prints_the_decoded_usage(string version)
    {
        var output = await Kubectl(version, "top", "pod", "-A");

        Assert.That(KubectlRunner.Columns(output), Is.EqualTo(new[]
        {
            "NAMESPACE NAME CPU(cores) MEMORY(bytes)",
            "default web-1 6m 31Mi",
            "kube-system coredns-x 5m 11Mi",
        }));
        Assert.That(_requests, Has.Some.StartsWith(MetricsApiGroup.Path + "/pods |"));
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task Top_pod_with_containers_prints_every_container(string version)
    {
        var output = await Kubectl(version, "top", "pod", "-A", "--containers");

        Assert.That(KubectlRunner.Columns(output), Is.EqualTo(new[]
        {
            "NAMESPACE POD NAME CPU(cores) MEMORY(bytes)",
            "default web-1 app 5m 20Mi",
            "default web-1 sidecar 1m 11Mi",
            "kube-system coredns-x coredns 5m 11Mi",
        }));
    }

    [Test]
    public async Task Kubectl_1_33_asks_for_protobuf_first()
    {
        _requests.Clear();
        await Kubectl("1.33", "top", "pod", "-A");

        Assert.That(_requests, Has.Some.StartsWith(MetricsApiGroup.Path + "/pods | application/vnd.kubernetes.protobuf"));
    }

    [TestCase("1.27", "v2beta1")]
    [TestCase("1.33", "v2")]
    public async Task Api_resources_come_from_aggregated_discovery(string version, string discoveryVersion)
    {
        _requests.Clear();
        var output = await Kubectl(version, "api-resources", "--api-group=metrics.k8s.io");

        Assert.That(KubectlRunner.Columns(output), Is.EqualTo(new[]
        {
            "NAME SHORTNAMES APIVERSION NAMESPACED KIND",
            "nodes metrics.k8s.io/v1beta1 false NodeMetrics",
            "pods metrics.k8s.io/v1beta1 true PodMetrics",
        }));
        Assert.That(_requests, Has.Some.Contains($"/apis | application/json;g=apidiscovery.k8s.io;v={discoveryVersion};as=APIGroupDiscoveryList"));
        Assert.That(_requests, Has.None.StartsWith(MetricsApiGroup.Path + " |"), "no legacy discovery round-trip");
    }

    /// <summary>
    /// explain reads our OpenAPI v3 document (1.33 asks for no other; 1.27, which first reads the protobuf v2 document,
    /// is covered with the OpenAPI documents in Serving/Discovery/KubectlOpenApiTests).
    /// </summary>
    [Test]
    public async Task Explain_reads_the_openapi_v3_schemas()
    {
        var output = await Kubectl("1.33", "explain", "podmetrics.containers");

        Assert.That(output, Does.Contain("KIND:       PodMetrics"));
        Assert.That(output, Does.Contain("FIELD: containers <[]ContainerMetrics>"));
        Assert.That(output, Does.Contain("usage\t<map[string]string> -required-"));
    }

    private Task WritePods(HttpContext context)
    {
        using var view = _store!.OpenView();
        var pods = ServedSamples.Pods(view);
        var body = new ArrayBufferWriter<byte>();
        new ProtobufMetricsRepresentation().WritePodList(body, pods, new(DateTimeOffset.UtcNow, IncludeSwap: false));
        context.Response.ContentType = ProtobufMetricsRepresentation.MediaType;
        return context.Response.Body.WriteAsync(body.WrittenMemory).AsTask();
    }

    private async Task<string> Kubectl(string version, params string[] arguments)
    {
        var (exitCode, output, error) = await KubectlRunner.RunAsync(version, _server, arguments);
        Assert.That(exitCode, Is.Zero, $"kubectl.{version} {string.Join(' ', arguments)}: {error}\nrequests:\n{string.Join('\n', _requests)}");
        return output;
    }
}
