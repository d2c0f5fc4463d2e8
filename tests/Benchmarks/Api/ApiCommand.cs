using System.Diagnostics;
using System.Globalization;
using System.Net;
using MetricsOperator.Benchmarks.Scrape;
using MetricsOperator.KubeletFarm;

namespace MetricsOperator.Benchmarks.Api;

/// <summary>
/// <c>api</c>: the issue's API benchmark. An <see cref="ApiServerProcess"/> serves the W5k cluster over HTTPS; this
/// process, authenticated by an x509 client certificate, drives it open-loop: the HPA's namespaced list with a label
/// selector (JSON and protobuf) at 150 requests per second, the cluster-wide JSON pod list, and both again while
/// store rounds (a scrape round's ingest of 5,000 nodes) run. It prints the figures against the targets and returns
/// 1 when one fails.
/// </summary>
internal static class ApiCommand
{
    private const double HpaRate = 150;
    private const string HpaJson = "application/json";
    private const string HpaProtobuf = "application/vnd.kubernetes.protobuf";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var (duration, serverEnvironment) = ParseArguments(args);
        var directory = Directory.CreateTempSubdirectory("api-bench-");
        try
        {
            using var ca = TestCertificateAuthority.Create("api-bench-ca");
            using var serving = ca.IssueServerCertificate("metrics-operator", [IPAddress.Loopback]);
            using var caller = ca.IssueClientCertificate("hpa-bench", ["system:masters"]);
            var (certificateFile, keyFile) = TestCertificateAuthority.WriteFiles(serving, directory.FullName, "tls");
            var caFile = ca.WriteCaBundle(directory.FullName);

            Console.WriteLine($"api: storing {ApiClusterData.Nodes:N0} nodes x {ApiClusterData.PodsPerNode} pods in {ApiClusterData.Namespaces} namespaces ...");
            await using var server = HarnessChild.Start("api-server", ApiServerProcess.Mode, [certificateFile, keyFile, caFile], serverEnvironment, openFilesNeeded: 1024);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10) + (8 * duration));
            var ready = await server.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the API server exited before it was ready");
            var port = int.Parse(ready["port ".Length..], CultureInfo.InvariantCulture);
            using var client = Client(ca, caller, port);
            var run = new ApiBenchRun(server, client, duration, timeout.Token);
            return await run.RunAsync();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// <c>[--seconds N] [--server-env NAME=VALUE]…</c>: the length of each phase (default 20 s), and environment
    /// variables for the server process only (to measure a runtime setting such as a GC or thread-pool knob without
    /// also changing the load generator).
    /// </summary>
    private static (TimeSpan Duration, Dictionary<string, string> ServerEnvironment) ParseArguments(IReadOnlyList<string> args)
    {
        var seconds = 20;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--seconds" when int.TryParse(value, CultureInfo.InvariantCulture, out var s) && s is > 0 and <= 600:
                    seconds = s;
                    break;
                case "--server-env" when value is not null && value.IndexOf('=', StringComparison.Ordinal) > 0:
                    var equals = value.IndexOf('=', StringComparison.Ordinal);
                    environment[value[..equals]] = value[(equals + 1)..];
                    break;
                default:
                    throw new HarnessUsageException("api takes --seconds N (1-600, default 20) and --server-env NAME=VALUE (repeatable)");
            }
        }

        return (TimeSpan.FromSeconds(seconds), environment);
    }

    /// <summary>One phase: the client's view, the server's view of the same requests, the server's CPU, the client's collections.</summary>
    private sealed record ApiPhase(LoadResult Client, ServerPhaseLatency Server, PhaseCpu? Cpu, GcCounters ClientGc);

    /// <summary>The server's CPU seconds over a phase of <paramref name="Seconds"/> that made <paramref name="Requests"/> requests.</summary>
    private sealed record PhaseCpu(double CpuSeconds, double Seconds, int Requests)
    {
        public double PerRequestMicros => CpuSeconds * 1e6 / Requests;

        /// <summary>Per request, after subtracting what the server burns with no requests over the same time.</summary>
        public double NetPerRequestMicros(double idleCpuPerSecond) => (CpuSeconds - (idleCpuPerSecond * Seconds)) * 1e6 / Requests;
    }

    private static HttpClient Client(TestCertificateAuthority ca, System.Security.Cryptography.X509Certificates.X509Certificate2 caller, int port)
    {
        // The caller in production is the aggregator's Go HTTP/2 transport, which announces 4 MiB stream windows;
        // .NET's client starts at 64 KiB, which would make a 59 MB list wait on window updates the real caller never sends.
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            InitialHttp2StreamWindowSize = 4 << 20,
        };
        handler.SslOptions.ClientCertificates = [caller];
        ca.TrustFrom(handler.SslOptions);
        return new HttpClient(handler)
        {
            BaseAddress = new Uri($"https://127.0.0.1:{port}"),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromMinutes(2),
        };
    }

    /// <summary>The phases of one run against a started server.</summary>
    private sealed class ApiBenchRun(HarnessChild server, HttpClient client, TimeSpan duration, CancellationToken cancellationToken)
    {
        private static readonly string HpaPath =
            $"/apis/metrics.k8s.io/v1beta1/namespaces/{ApiClusterData.HpaNamespace}/pods?labelSelector={Uri.EscapeDataString(ApiClusterData.HpaSelector)}";

        private const string ClusterPath = "/apis/metrics.k8s.io/v1beta1/pods";

        public async Task<int> RunAsync()
        {
            var hpaItems = await CountItemsAsync(HpaPath);
            var clusterItems = await CountItemsAsync(ClusterPath);
            Console.WriteLine($"api: the HPA list selects {hpaItems} pods of 3,000; the cluster-wide list has {clusterItems:N0}");

            // Warm up: JIT, tiering, connection and TLS setup; not measured.
            await OpenLoopLoad.RunAsync(client, HpaPath, HpaJson, HpaRate, TimeSpan.FromSeconds(5), cancellationToken);
            await OpenLoopLoad.RunAsync(client, HpaPath, HpaProtobuf, HpaRate, TimeSpan.FromSeconds(3), cancellationToken);
            await OpenLoopLoad.RunAsync(client, ClusterPath, HpaJson, 1, TimeSpan.FromSeconds(3), cancellationToken);

            // The server's CPU with no requests at all (timers, background services): subtracted for the net figures.
            var idleCpuPerSecond = await MeasureIdleAsync(duration);
            var hpaJson = await MeasureAsync(HpaPath, HpaJson, HpaRate, duration);
            var hpaProtobuf = await MeasureAsync(HpaPath, HpaProtobuf, HpaRate, duration);
            var cluster = await MeasureAsync(ClusterPath, HpaJson, 1, duration);

            var idleRounds = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                idleRounds.Add(await StoreRoundAsync());
            }

            var loadedRounds = new List<double>();
            await server.SendLineAsync(ServerLatencyRecorder.ResetCommand);
            var clientGcBefore = GcCounters.Now();
            var hpaUnderRounds = OpenLoopLoad.RunAsync(client, HpaPath, HpaJson, HpaRate, duration, cancellationToken);
            var clusterUnderRounds = OpenLoopLoad.RunAsync(client, ClusterPath, HpaJson, 1, duration, cancellationToken);
            while (!hpaUnderRounds.IsCompleted)
            {
                loadedRounds.Add(await StoreRoundAsync());
            }

            var hpaLoadedClient = await hpaUnderRounds;
            var clusterLoadedClient = await clusterUnderRounds;
            var clientGc = GcCounters.Now() - clientGcBefore;
            var loadedServer = await ServerLatencyAsync();
            var hpaLoaded = new ApiPhase(hpaLoadedClient, Server(loadedServer, HpaPath), null, clientGc);
            var clusterLoaded = new ApiPhase(clusterLoadedClient, Server(loadedServer, ClusterPath), null, clientGc);

            var idle = Median(idleRounds);
            var delay = loadedRounds.Max() - idle;
            var phases = new[] { hpaJson, hpaProtobuf, cluster, hpaLoaded, clusterLoaded };
            var failures = phases.Sum(p => p.Client.Failures);
            var checks = new List<TargetCheck>
            {
                Check("hpa-json-p99", "HPA list JSON server-side p99 <= 2 ms", hpaJson.Server.P99Micros / 1000.0, 2, "ms"),
                Check("hpa-json-p999", "HPA list JSON server-side p99.9 <= 10 ms", hpaJson.Server.P999Micros / 1000.0, 10, "ms"),
                Check("hpa-json-cpu", "HPA list JSON server CPU <= 100 us/request", hpaJson.Cpu!.PerRequestMicros, 100, "us"),
                Check("hpa-proto-p99", "HPA list protobuf server-side p99 <= 2 ms", hpaProtobuf.Server.P99Micros / 1000.0, 2, "ms"),
                Check("hpa-proto-p999", "HPA list protobuf server-side p99.9 <= 10 ms", hpaProtobuf.Server.P999Micros / 1000.0, 10, "ms"),
                Check("hpa-proto-cpu", "HPA list protobuf server CPU <= 100 us/request", hpaProtobuf.Cpu!.PerRequestMicros, 100, "us"),
                Check("cluster-p99", "cluster-wide JSON pod list server-side p99 <= 300 ms", cluster.Server.P99Micros / 1000.0, 300, "ms"),
                Check("cluster-cpu", "cluster-wide JSON pod list server CPU <= 150 ms/request", cluster.Cpu!.PerRequestMicros / 1000.0, 150, "ms"),
                Check("round-delay", "store round under both loads delayed <= 1 s", delay / 1000.0, 1, "s"),
                new("api", "failures", "every request answered 2xx", failures.ToString(CultureInfo.InvariantCulture), failures == 0),
            };

            var figures = new MarkdownTable("load", "requests", "client p50 / p99 / p99.9 / max", "server p50 / p99 / p99.9 / max", "server CPU/request", "net of idle", "body bytes");
            figures.Add(Row("HPA list JSON, 150/s", hpaJson, idleCpuPerSecond));
            figures.Add(Row("HPA list protobuf, 150/s", hpaProtobuf, idleCpuPerSecond));
            figures.Add(Row("cluster-wide JSON list, 1/s", cluster, idleCpuPerSecond));
            figures.Add(Row("HPA JSON during store rounds", hpaLoaded, idleCpuPerSecond));
            figures.Add(Row("cluster list during store rounds", clusterLoaded, idleCpuPerSecond));
            Console.WriteLine();
            Console.WriteLine(figures.Render());
            Console.WriteLine("client latency counts from each request's scheduled send time; server latency from the request's entry into the pipeline until its response completed");
            Console.WriteLine($"client send lateness p99 / max (in the client latency): HPA JSON {Millis(hpaJson.Client.LateP99Micros, hpaJson.Client.LateMaxMicros)}, HPA protobuf {Millis(hpaProtobuf.Client.LateP99Micros, hpaProtobuf.Client.LateMaxMicros)}");
            Console.WriteLine($"server CPU with no requests: {idleCpuPerSecond * 1e3:F1} ms per second (the net column subtracts it)");
            Console.WriteLine($"garbage collections: HPA JSON phase server {hpaJson.Server.Gc}, client {hpaJson.ClientGc}; HPA protobuf phase server {hpaProtobuf.Server.Gc}, client {hpaProtobuf.ClientGc}; cluster list phase server {cluster.Server.Gc}, client {cluster.ClientGc}; store-round phase server {hpaLoaded.Server.Gc}, client {clientGc}");
            Console.WriteLine(StoreRoundSummary(idle, loadedRounds));
            Console.WriteLine();
            var targets = new MarkdownTable("id", "target", "measured", "result");
            foreach (var check in checks)
            {
                targets.Add(check.Id, check.Criterion, check.Measured, check.Result);
            }

            Console.WriteLine(targets.Render());
            return checks.All(c => c.Pass) ? 0 : 1;
        }

        private static string StoreRoundSummary(double idleMedian, List<double> loaded)
        {
            loaded.Sort();
            var p99 = loaded[Math.Min(loaded.Count - 1, (int)Math.Ceiling(loaded.Count * 0.99) - 1)];
            return string.Create(
                CultureInfo.InvariantCulture,
                $"store round (5,000 nodes ingested): idle median {idleMedian:F0} ms; under load {loaded.Count} rounds, median {Median(loaded):F0} ms, p99 {p99:F0} ms, max {loaded[^1]:F0} ms");
        }

        private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

        private static string[] Row(string name, ApiPhase phase, double idleCpuPerSecond) =>
        [
            name,
            phase.Client.Requests.ToString(CultureInfo.InvariantCulture),
            Millis(phase.Client.P50Micros, phase.Client.P99Micros, phase.Client.P999Micros, phase.Client.MaxMicros),
            Millis(phase.Server.P50Micros, phase.Server.P99Micros, phase.Server.P999Micros, phase.Server.MaxMicros),
            phase.Cpu is null ? "-" : Micros(phase.Cpu.PerRequestMicros),
            phase.Cpu is null ? "-" : Micros(phase.Cpu.NetPerRequestMicros(idleCpuPerSecond)),
            phase.Client.LastBodyBytes.ToString("N0", CultureInfo.InvariantCulture),
        ];

        private static string Millis(params long[] micros) =>
            string.Join(" / ", micros.Select(m => (m / 1000.0).ToString("F2", CultureInfo.InvariantCulture))) + " ms";

        private static string Micros(double micros) => micros.ToString("F0", CultureInfo.InvariantCulture) + " us";

        private static TargetCheck Check(string id, string criterion, double measured, double limit, string unit) =>
            new("api", id, criterion, measured.ToString("F3", CultureInfo.InvariantCulture) + " " + unit, measured <= limit);

        /// <summary>One open-loop run, with the server's latency and CPU time (utime + stime from procfs) over it.</summary>
        private async Task<ApiPhase> MeasureAsync(string path, string accept, double rate, TimeSpan length)
        {
            await server.SendLineAsync(ServerLatencyRecorder.ResetCommand);
            var before = Sample();
            var clientGc = GcCounters.Now();
            var started = Stopwatch.GetTimestamp();
            var result = await OpenLoopLoad.RunAsync(client, path, accept, rate, length, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var after = Sample();
            clientGc = GcCounters.Now() - clientGc;
            var cpu = new PhaseCpu(after.CpuSeconds - before.CpuSeconds, elapsed.TotalSeconds, result.Requests);
            return new ApiPhase(result, Server(await ServerLatencyAsync(), PathOf(path)), cpu, clientGc);
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
}
