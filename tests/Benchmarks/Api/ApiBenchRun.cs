using System.Diagnostics;
using System.Globalization;
using MetricsOperator.Benchmarks.Scrape;

namespace MetricsOperator.Benchmarks.Api;

/// <summary>The phases of one <c>api</c> run against a started server; <see cref="ApiReport"/> prints them.</summary>
internal sealed class ApiBenchRun(HarnessChild server, HttpClient client, TimeSpan duration, CancellationToken cancellationToken)
{
    public const double HpaRate = 150;
    public const string Json = "application/json";
    public const string Protobuf = "application/vnd.kubernetes.protobuf";

    private static readonly string HpaPath = NamespacedPodList(ApiClusterData.HpaSelector);

    /// <summary>The HPA's list with a selector that matches nothing: the least work an authenticated request can ask for.</summary>
    private static readonly string FloorPath = NamespacedPodList(ApiClusterData.FloorSelector);

    private const string ClusterPath = "/apis/metrics.k8s.io/v1beta1/pods";

    public async Task<int> RunAsync()
    {
        var hpaItems = await CountItemsAsync(HpaPath);
        var floorItems = await CountItemsAsync(FloorPath);
        var clusterItems = await CountItemsAsync(ClusterPath);
        Console.WriteLine($"api: the HPA list selects {hpaItems} pods of 3,000, the floor's {floorItems}; the cluster-wide list has {clusterItems:N0}");

        // Warm up: JIT, tiering, connection and TLS setup; not measured.
        await OpenLoopLoad.RunAsync(client, HpaPath, Json, HpaRate, TimeSpan.FromSeconds(5), cancellationToken);
        await OpenLoopLoad.RunAsync(client, HpaPath, Protobuf, HpaRate, TimeSpan.FromSeconds(3), cancellationToken);
        await OpenLoopLoad.RunAsync(client, FloorPath, Json, HpaRate, TimeSpan.FromSeconds(3), cancellationToken);
        await OpenLoopLoad.RunAsync(client, ClusterPath, Json, 1, TimeSpan.FromSeconds(3), cancellationToken);

        // The server's CPU with no requests at all (timers, background services): subtracted for the net figures.
        Progress("idle");
        var idleCpuPerSecond = await MeasureIdleAsync(duration);
        var floor = await MeasureAsync("floor", FloorPath, Json, HpaRate, duration);
        var hpaJson = await MeasureAsync("HPA JSON", HpaPath, Json, HpaRate, duration);
        var hpaProtobuf = await MeasureAsync("HPA protobuf", HpaPath, Protobuf, HpaRate, duration);
        var cluster = await MeasureAsync("cluster list", ClusterPath, Json, 1, duration);

        Progress("store rounds");
        var idleRounds = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            idleRounds.Add(await StoreRoundAsync());
        }

        var loadedRounds = new List<double>();
        await server.SendLineAsync(ServerLatencyRecorder.ResetCommand);
        var clientGcBefore = GcCounters.Now();
        var hpaUnderRounds = OpenLoopLoad.RunAsync(client, HpaPath, Json, HpaRate, duration, cancellationToken);
        var clusterUnderRounds = OpenLoopLoad.RunAsync(client, ClusterPath, Json, 1, duration, cancellationToken);
        while (!hpaUnderRounds.IsCompleted)
        {
            loadedRounds.Add(await StoreRoundAsync());
        }

        var hpaLoadedClient = await hpaUnderRounds;
        var clusterLoadedClient = await clusterUnderRounds;
        var clientGc = GcCounters.Now() - clientGcBefore;
        var loadedServer = await ServerLatencyAsync();
        var report = new ApiReport(idleCpuPerSecond)
        {
            Floor = floor,
            HpaJson = hpaJson,
            HpaProtobuf = hpaProtobuf,
            Cluster = cluster,
            HpaLoaded = new ApiPhase(hpaLoadedClient, Server(loadedServer, HpaPath), null, clientGc),
            ClusterLoaded = new ApiPhase(clusterLoadedClient, Server(loadedServer, ClusterPath), null, clientGc),
            IdleRounds = idleRounds,
            LoadedRounds = loadedRounds,
        };
        return report.Print();
    }

    private static string NamespacedPodList(string selector) =>
        $"/apis/metrics.k8s.io/v1beta1/namespaces/{ApiClusterData.HpaNamespace}/pods?labelSelector={Uri.EscapeDataString(selector)}";

    /// <summary>When each measured phase starts, so that a profiler can be attached to exactly one.</summary>
    private static void Progress(string phase) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"api: {DateTime.UtcNow:HH:mm:ss} measuring {phase}"));

    /// <summary>One open-loop run, with the server's latency and CPU time (utime + stime from procfs) over it.</summary>
    private async Task<ApiPhase> MeasureAsync(string name, string path, string accept, double rate, TimeSpan length)
    {
        Progress(name);
        await server.SendLineAsync(ServerLatencyRecorder.ResetCommand);
        var before = Sample();
        var clientGc = GcCounters.Now();
        var started = Stopwatch.GetTimestamp();
        var result = await OpenLoopLoad.RunAsync(client, path, accept, rate, length, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var after = Sample();
        clientGc = GcCounters.Now() - clientGc;
        var cpu = new PhaseCpu(after.CpuSeconds - before.CpuSeconds, elapsed.TotalSeconds, result.Requests);
        return new ApiPhase(result, Server(await ServerLatencyAsync(), path), cpu, clientGc);
    }

    private async Task<List<ServerPhaseLatency>> ServerLatencyAsync()
    {
        await server.SendLineAsync(ServerLatencyRecorder.ReportCommand);
        var paths = new List<ServerPhaseLatency>();
        while (await server.ReadLineAsync(cancellationToken) is { } line && line != ServerLatencyRecorder.ReportEnd)
        {
            paths.Add(ServerPhaseLatency.Parse(line));
        }

        return paths;
    }

    private static ServerPhaseLatency Server(List<ServerPhaseLatency> paths, string path) =>
        paths.Find(p => p.Path == PathOf(path)) ?? throw new InvalidOperationException($"the API server recorded no request for {PathOf(path)}");

    private static string PathOf(string pathAndQuery) => pathAndQuery.Split('?')[0];

    /// <summary>The server's CPU seconds per second while nothing is asked of it.</summary>
    private async Task<double> MeasureIdleAsync(TimeSpan length)
    {
        var before = Sample();
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(length, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var after = Sample();
        return (after.CpuSeconds - before.CpuSeconds) / elapsed.TotalSeconds;
    }

    private ProcessSample Sample() =>
        server.TrySample(out var sample) ? sample : throw new InvalidOperationException("the API server exited");

    private async Task<double> StoreRoundAsync()
    {
        await server.SendLineAsync("round");
        var line = await server.ReadLineAsync(cancellationToken) ?? throw new InvalidOperationException("the API server exited");
        return double.Parse(line["round-ms ".Length..], CultureInfo.InvariantCulture);
    }

    private async Task<int> CountItemsAsync(string path)
    {
        using var response = await client.GetAsync(path, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
        }

        using var document = System.Text.Json.JsonDocument.Parse(body);
        return document.RootElement.GetProperty("items").GetArrayLength();
    }
}
