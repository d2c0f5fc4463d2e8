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
            var (hpaJson, hpaJsonCpu) = await MeasureAsync(HpaPath, HpaJson, HpaRate, duration);
            var (hpaProtobuf, hpaProtobufCpu) = await MeasureAsync(HpaPath, HpaProtobuf, HpaRate, duration);
            var (cluster, clusterCpu) = await MeasureAsync(ClusterPath, HpaJson, 1, duration);

            var idleRounds = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                idleRounds.Add(await StoreRoundAsync());
            }

            var loadedRounds = new List<double>();
            var hpaUnderRounds = OpenLoopLoad.RunAsync(client, HpaPath, HpaJson, HpaRate, duration, cancellationToken);
            var clusterUnderRounds = OpenLoopLoad.RunAsync(client, ClusterPath, HpaJson, 1, duration, cancellationToken);
            while (!hpaUnderRounds.IsCompleted)
            {
                loadedRounds.Add(await StoreRoundAsync());
            }

            var hpaLoaded = await hpaUnderRounds;
            var clusterLoaded = await clusterUnderRounds;

            var idle = idleRounds.Order().ElementAt(idleRounds.Count / 2);
            var delay = loadedRounds.Max() - idle;
            var checks = new List<TargetCheck>
            {
                Check("hpa-json-p99", "HPA list JSON p99 <= 2 ms", hpaJson.P99Micros / 1000.0, 2, "ms"),
                Check("hpa-json-cpu", "HPA list JSON server CPU <= 100 us/request", hpaJsonCpu.PerRequestMicros, 100, "us"),
                Check("hpa-proto-p99", "HPA list protobuf p99 <= 2 ms", hpaProtobuf.P99Micros / 1000.0, 2, "ms"),
                Check("hpa-proto-cpu", "HPA list protobuf server CPU <= 100 us/request", hpaProtobufCpu.PerRequestMicros, 100, "us"),
                Check("cluster-p99", "cluster-wide JSON pod list p99 <= 300 ms", cluster.P99Micros / 1000.0, 300, "ms"),
                Check("cluster-cpu", "cluster-wide JSON pod list server CPU <= 150 ms/request", clusterCpu.PerRequestMicros / 1000.0, 150, "ms"),
                Check("round-delay", "store round under both loads delayed <= 1 s", delay / 1000.0, 1, "s"),
                new("api", "failures", "every request answered 2xx", (hpaJson.Failures + hpaProtobuf.Failures + cluster.Failures + hpaLoaded.Failures + clusterLoaded.Failures).ToString(CultureInfo.InvariantCulture), hpaJson.Failures + hpaProtobuf.Failures + cluster.Failures + hpaLoaded.Failures + clusterLoaded.Failures == 0),
            };

            var figures = new MarkdownTable("load", "requests", "p50", "p99", "p99.9", "max", "server CPU/request", "net of idle", "body bytes");
            figures.Add(Row("HPA list JSON, 150/s", hpaJson, hpaJsonCpu, idleCpuPerSecond));
            figures.Add(Row("HPA list protobuf, 150/s", hpaProtobuf, hpaProtobufCpu, idleCpuPerSecond));
            figures.Add(Row("cluster-wide JSON list, 1/s", cluster, clusterCpu, idleCpuPerSecond));
            figures.Add(Row("HPA JSON during store rounds", hpaLoaded, null, idleCpuPerSecond));
            figures.Add(Row("cluster list during store rounds", clusterLoaded, null, idleCpuPerSecond));
            Console.WriteLine();
            Console.WriteLine(figures.Render());
            Console.WriteLine($"server CPU with no requests: {idleCpuPerSecond * 1e3:F1} ms per second (the net column subtracts it)");
            Console.WriteLine($"store round (5,000 nodes ingested): idle median {idle:F0} ms; under load {string.Join(", ", loadedRounds.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))} ms");
            Console.WriteLine();
            var targets = new MarkdownTable("id", "target", "measured", "result");
            foreach (var check in checks)
            {
                targets.Add(check.Id, check.Criterion, check.Measured, check.Result);
            }

            Console.WriteLine(targets.Render());
            return checks.All(c => c.Pass) ? 0 : 1;
        }

        private static string[] Row(string name, LoadResult result, PhaseCpu? cpu, double idleCpuPerSecond) =>
        [
            name,
            result.Requests.ToString(CultureInfo.InvariantCulture),
            Millis(result.P50Micros),
            Millis(result.P99Micros),
            Millis(result.P999Micros),
            Millis(result.MaxMicros),
            cpu is null ? "-" : Micros(cpu.PerRequestMicros),
            cpu is null ? "-" : Micros(cpu.NetPerRequestMicros(idleCpuPerSecond)),
            result.LastBodyBytes.ToString("N0", CultureInfo.InvariantCulture),
        ];

        private static string Micros(double micros) => micros.ToString("F0", CultureInfo.InvariantCulture) + " us";

        private static string Millis(long micros) => (micros / 1000.0).ToString("F2", CultureInfo.InvariantCulture) + " ms";

        private static TargetCheck Check(string id, string criterion, double measured, double limit, string unit) =>
            new("api", id, criterion, measured.ToString("F3", CultureInfo.InvariantCulture) + " " + unit, measured <= limit);

        /// <summary>One open-loop run, with the server's CPU time (utime + stime from procfs) over it.</summary>
        private async Task<(LoadResult Result, PhaseCpu Cpu)> MeasureAsync(string path, string accept, double rate, TimeSpan length)
        {
            var before = Sample();
            var started = Stopwatch.GetTimestamp();
            var result = await OpenLoopLoad.RunAsync(client, path, accept, rate, length, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var after = Sample();
            return (result, new PhaseCpu(after.CpuSeconds - before.CpuSeconds, elapsed.TotalSeconds, result.Requests));
        }

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
