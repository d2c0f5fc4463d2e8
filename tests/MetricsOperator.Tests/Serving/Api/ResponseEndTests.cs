using MetricsOperator.Serving.Api;

namespace MetricsOperator.Tests.Serving.Api;

/// <summary>
/// A response written at once is left buffered when the handler returns: the server then sends it with the end of
/// the stream in one write (HTTP/2: HEADERS, DATA with END_STREAM), where a flush by the handler would send the body
/// and then an empty END_STREAM frame, a second TLS record and socket write per request.
/// </summary>
public sealed class ResponseEndTests
{
    private TestCluster _cluster = null!;
    private MetricsApiTestServer _server = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _cluster = new TestCluster();
        _cluster.Node("node-a", new NodeMetricsSpec(250_000_000, 1 << 30, TimeSpan.FromSeconds(10)));
        for (var i = 0; i < 3; i++)
        {
            _cluster.Pod("node-a", "shop", $"web-{i}", [new("app", 100_000_000, 64 << 20)], labels: [("app", "web")]);
        }

        _cluster.Publish();
        _server = await MetricsApiTestServer.StartAsync(_cluster);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _server.DisposeAsync();
        _cluster.Dispose();
    }

    [Test]
    public async Task A_pod_list_is_not_flushed_by_the_handler()
    {
        var (http, body) = Request("/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods", "labelSelector", "app=web", ("namespace", "shop"));

        await _server.Services.GetRequiredService<PodMetricsEndpoints>().ListAsync(http);

        await AssertSentOnlyAtCompletionAsync(http, body, "\"name\":\"web-2\"");
    }

    [Test]
    public async Task A_single_pod_is_not_flushed_by_the_handler()
    {
        var (http, body) = Request("/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods/web-1", null, null, ("namespace", "shop"), ("name", "web-1"));

        await _server.Services.GetRequiredService<PodMetricsEndpoints>().GetAsync(http);

        await AssertSentOnlyAtCompletionAsync(http, body, "\"name\":\"web-1\"");
    }

    [Test]
    public async Task A_node_list_is_not_flushed_by_the_handler()
    {
        var (http, body) = Request("/apis/metrics.k8s.io/v1beta1/nodes", null, null);

        await _server.Services.GetRequiredService<NodeMetricsEndpoints>().ListAsync(http);

        await AssertSentOnlyAtCompletionAsync(http, body, "\"name\":\"node-a\"");
    }

    private static async Task AssertSentOnlyAtCompletionAsync(DefaultHttpContext http, RecordingStream body, string expected)
    {
        var beforeCompletion = (body.Writes, body.Flushes);

        // What the server does after the handler: complete the body, sending what is buffered.
        await http.Response.BodyWriter.CompleteAsync();

        Assert.Multiple(() =>
        {
            Assert.That(http.Response.StatusCode, Is.EqualTo(StatusCodes.Status200OK));
            Assert.That(beforeCompletion, Is.EqualTo((0, 0)), "writes and flushes reaching the connection before the handler returned");
            Assert.That(System.Text.Encoding.UTF8.GetString(body.ToArray()), Does.Contain(expected));
        });
    }

    private static (DefaultHttpContext Http, RecordingStream Body) Request(string path, string? queryKey, string? queryValue, params (string Key, string Value)[] route)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "GET";
        http.Request.Path = path;
        if (queryKey is not null && queryValue is not null)
        {
            http.Request.QueryString = QueryString.Create(queryKey, queryValue);
        }

        http.Request.Headers.Accept = "application/json";
        foreach (var (key, value) in route)
        {
            http.Request.RouteValues[key] = value;
        }

        var body = new RecordingStream();
        http.Response.Body = body;
        return (http, body);
    }

    /// <summary>A response body that counts what reaches it.</summary>
    private sealed class RecordingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public int Flushes { get; private set; }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Writes++;
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            base.Write(buffer);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes++;
            return base.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Writes++;
            return base.WriteAsync(buffer, offset, count, cancellationToken);
        }

        public override void Flush()
        {
            Flushes++;
            base.Flush();
        }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return base.FlushAsync(cancellationToken);
        }
    }
}
