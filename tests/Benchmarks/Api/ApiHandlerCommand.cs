using System.Globalization;
using MetricsOperator.Benchmarks.Scrape;
using MetricsOperator.Serving.Api;
using MetricsOperator.Serving.Diagnostics;
using MetricsOperator.Serving.Protobuf;

namespace MetricsOperator.Benchmarks.Api;

/// <summary>
/// <c>api-handler</c>: the metrics API's list handler alone, in this process, on the same W5k <see cref="ApiClusterData"/>
/// as <c>api</c>: no TLS, HTTP or middleware, the body written to a discarding stream. It reports this process's CPU
/// time per request (robust to a busy machine), so that <c>api</c>'s server CPU can be split into the handler's share
/// and the transport's.
/// </summary>
internal static class ApiHandlerCommand
{
    private const string ClusterPath = "/apis/metrics.k8s.io/v1beta1/pods";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var rounds = args.Count == 2 && args[0] == "--rounds" && int.TryParse(args[1], CultureInfo.InvariantCulture, out var r) && r is > 0 and <= 100 ? r
            : args.Count == 0 ? 3
            : throw new HarnessUsageException("api-handler takes only --rounds N (1-100, default 3)");
        Console.WriteLine($"api-handler: storing {ApiClusterData.Nodes:N0} nodes x {ApiClusterData.PodsPerNode} pods ...");
        using var data = new ApiClusterData();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(data.Store);
        services.AddSingleton(data.PodCache);
        services.AddSingleton(data.NodeCache);
        services.AddOperatorMetrics();
        services.AddMetricsApi();
        services.AddProtobufMetricsRepresentation();
        await using var provider = services.BuildServiceProvider();

        // A listening collector, as in the operator, so the request and freshness instruments record.
        _ = provider.GetRequiredService<OperatorMetricsCollector>();
        var endpoints = provider.GetRequiredService<PodMetricsEndpoints>();
        var table = new MarkdownTable("request", "round", "requests", "CPU/request", "GC pause/request", "gen2 GCs", "allocated/request", "body bytes");
        for (var round = 1; round <= rounds; round++)
        {
            await MeasureAsync(table, round, endpoints, "HPA list JSON", HpaRequest("application/json"), 3_000);
            await MeasureAsync(table, round, endpoints, "HPA list protobuf", HpaRequest("application/vnd.kubernetes.protobuf"), 3_000);
            await MeasureAsync(table, round, endpoints, "cluster-wide JSON list", () => Request(ClusterPath, null, "application/json"), 5);
        }

        Console.WriteLine();
        Console.WriteLine(table.Render());
        return 0;
    }

    private static Func<DefaultHttpContext> HpaRequest(string accept) => () =>
    {
        var http = Request($"/apis/metrics.k8s.io/v1beta1/namespaces/{ApiClusterData.HpaNamespace}/pods", ApiClusterData.HpaNamespace, accept);
        http.Request.QueryString = QueryString.Create("labelSelector", ApiClusterData.HpaSelector);
        return http;
    };

    private static DefaultHttpContext Request(string path, string? podNamespace, string accept)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "GET";
        http.Request.Path = path;
        http.Request.Headers.Accept = accept;
        if (podNamespace is not null)
        {
            http.Request.RouteValues["namespace"] = podNamespace;
        }

        http.Response.Body = new CountingStream();
        return http;
    }

    private static async Task MeasureAsync(MarkdownTable table, int round, PodMetricsEndpoints endpoints, string name, Func<DefaultHttpContext> request, int count)
    {
        // Warm up (JIT tiers) before the first round's figures.
        if (round == 1)
        {
            for (var i = 0; i < Math.Max(2, count / 2); i++)
            {
                var http = request();
                await endpoints.ListAsync(http);
                await http.Response.BodyWriter.CompleteAsync();
            }
        }

        long bytes = 0;
        var cpu = TimeSpan.Zero;
        var gen2Before = GC.CollectionCount(2);
        var pauseBefore = GC.GetTotalPauseDuration();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < count; i++)
        {
            var http = request();
            var before = ProcessCpu();
            await endpoints.ListAsync(http);
            // The server completes the body after the handler, sending what it left buffered; so does this.
            await http.Response.BodyWriter.CompleteAsync();
            cpu += ProcessCpu() - before;
            bytes = ((CountingStream)http.Response.Body).Length;
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        table.Add(
            name,
            round.ToString(CultureInfo.InvariantCulture),
            count.ToString(CultureInfo.InvariantCulture),
            (cpu.TotalMicroseconds / count).ToString("F1", CultureInfo.InvariantCulture) + " us",
            ((GC.GetTotalPauseDuration() - pauseBefore).TotalMicroseconds / count).ToString("F1", CultureInfo.InvariantCulture) + " us",
            (GC.CollectionCount(2) - gen2Before).ToString(CultureInfo.InvariantCulture),
            (allocated / count).ToString("N0", CultureInfo.InvariantCulture) + " B",
            bytes.ToString("N0", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// CPU time of the whole process: a streamed list continues on pool threads after its flushes, so the calling
    /// thread's clock would miss part of it.
    /// </summary>
    private static TimeSpan ProcessCpu() => Environment.CpuUsage.TotalTime;

    /// <summary>A response body that keeps only its length.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _length += count;
            return Task.CompletedTask;
        }
    }
}
