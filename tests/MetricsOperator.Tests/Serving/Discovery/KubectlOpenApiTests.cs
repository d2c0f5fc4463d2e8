using System.Collections.Concurrent;
using System.Net;
using MetricsOperator.Serving.Discovery;
using MetricsOperator.Tests.Fixtures;

namespace MetricsOperator.Tests.Serving.Discovery;

/// <summary>
/// The real kubectl 1.27 and 1.33 (the versioned binaries) read our OpenAPI documents: explain through OpenAPI v3 and,
/// with <c>--output plaintext-openapiv2</c> (the path apply and older explain take), through the protobuf v2
/// document. The server is plain HTTP on loopback with only the discovery routes, so every schema kubectl prints
/// comes from our documents.
/// </summary>
[NonParallelizable]
public sealed class KubectlOpenApiTests
{
    /// <summary>client-go's OpenAPISchema() request and our answer, as the request log records them.</summary>
    private const string V2ProtobufExchange =
        "| application/com.github.proto-openapi.spec.v2@v1.0+protobuf -> 200 " + OpenApiDocuments.V2ProtobufContentType;

    private readonly ConcurrentQueue<string> _requests = new();
    private WebApplication? _app;
    private string _server = string.Empty;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            await next(context);
            _requests.Enqueue($"{context.Request.Path}{context.Request.QueryString} | {context.Request.Headers.Accept} -> {context.Response.StatusCode} {context.Response.ContentType}");
        });
        _app.MapDiscovery(DiscoveryTestServer.Version);
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

    [SetUp]
    public void ClearRequests() => _requests.Clear();

    /// <summary>
    /// 1.27 fetches the protobuf v2 document before it looks at v3 and gives up if that fails (as it did while we
    /// answered 406); 1.33 goes to v3 directly.
    /// </summary>
    [TestCase("1.27", true)]
    [TestCase("1.33", false)]
    public async Task Explain_podmetrics_prints_our_schema(string version, bool readsV2First)
    {
        var output = await Kubectl(version, "explain", "podmetrics");

        Assert.That(output, Does.Contain("KIND:       PodMetrics"));
        Assert.That(Words(output), Does.Contain("Resource usage of a pod's containers over [timestamp - window, timestamp]."));
        Assert.That(output, Does.Match(@"containers\s+<\[\]ContainerMetrics> -required-"));
        Assert.That(_requests, Has.Some.StartsWith("/openapi/v3/apis/metrics.k8s.io/v1beta1?hash="));
        Assert.That(_requests.Any(request => request.StartsWith("/openapi/v2?", StringComparison.Ordinal) && request.Contains(V2ProtobufExchange, StringComparison.Ordinal)), Is.EqualTo(readsV2First));
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task Explain_a_nodemetrics_field_prints_its_description(string version)
    {
        var output = await Kubectl(version, "explain", "nodemetrics.usage");

        Assert.That(output, Does.Contain("KIND:       NodeMetrics"));
        Assert.That(output, Does.Contain("FIELD: usage <map[string]string>"));
        Assert.That(Words(output), Does.Contain("Usage by resource: cpu (cores), memory (working set bytes) and, when served, swap (bytes)."));
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task Explain_from_openapi_v2_decodes_our_protobuf_document(string version)
    {
        var output = await Kubectl(version, "explain", "podmetrics.containers", "--output=plaintext-openapiv2");

        Assert.That(output, Does.Contain("KIND:     PodMetrics"));
        Assert.That(output, Does.Match(@"RESOURCE: containers <\[\]Object>"));
        Assert.That(Words(output), Does.Contain("One entry per container, all measured over the same window."));
        Assert.That(output, Does.Match(@"usage\s+<map\[string\]string> -required-"));
        Assert.That(_requests, Has.Some.StartsWith("/openapi/v2?").And.Contains(V2ProtobufExchange));
        Assert.That(_requests, Has.None.StartsWith("/openapi/v3"), "the schema came from the protobuf v2 document alone");
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task Get_raw_openapi_v2_is_the_json_document(string version)
    {
        var output = await Kubectl(version, "get", "--raw", "/openapi/v2");

        Assert.That(output, Does.StartWith("{\"swagger\":\"2.0\",\"info\":{\"title\":\"metrics-operator\",\"version\":\"v0.4.2\"}"));
    }

    /// <summary>The output with line wrapping and indentation folded into single spaces.</summary>
    private static string Words(string output) => string.Join(' ', output.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));

    private async Task<string> Kubectl(string version, params string[] arguments)
    {
        var (exitCode, output, error) = await KubectlRunner.RunAsync(version, _server, arguments);
        Assert.That(exitCode, Is.Zero, $"kubectl.{version} {string.Join(' ', arguments)}: {error}\nrequests:\n{string.Join('\n', _requests)}");
        TestContext.Out.WriteLine($"kubectl.{version} {string.Join(' ', arguments)} requested:\n{string.Join('\n', _requests)}");
        return output;
    }
}
