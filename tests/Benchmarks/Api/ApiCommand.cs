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
        var seconds = args.Count == 2 && args[0] == "--seconds" && int.TryParse(args[1], CultureInfo.InvariantCulture, out var s) && s is > 0 and <= 600 ? s
            : args.Count == 0 ? 20
            : throw new HarnessUsageException("api takes only --seconds N (1-600, default 20)");
        var duration = TimeSpan.FromSeconds(seconds);
        var directory = Directory.CreateTempSubdirectory("api-bench-");
        try
        {
            using var ca = TestCertificateAuthority.Create("api-bench-ca");
            using var serving = ca.IssueServerCertificate("metrics-operator", [IPAddress.Loopback]);
            using var caller = ca.IssueClientCertificate("hpa-bench", ["system:masters"]);
            var (certificateFile, keyFile) = TestCertificateAuthority.WriteFiles(serving, directory.FullName, "tls");
            var caFile = ca.WriteCaBundle(directory.FullName);

            Console.WriteLine($"api: storing {ApiClusterData.Nodes:N0} nodes x {ApiClusterData.PodsPerNode} pods in {ApiClusterData.Namespaces} namespaces ...");
            await using var server = HarnessChild.Start("api-server", ApiServerProcess.Mode, [certificateFile, keyFile, caFile], new Dictionary<string, string>(), openFilesNeeded: 1024);
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

    private static HttpClient Client(TestCertificateAuthority ca, System.Security.Cryptography.X509Certificates.X509Certificate2 caller, int port)
    {
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
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
                Check("hpa-json-cpu", "HPA list JSON server CPU <= 100 us/request", hpaJsonCpu, 100, "us"),
                Check("hpa-proto-p99", "HPA list protobuf p99 <= 2 ms", hpaProtobuf.P99Micros / 1000.0, 2, "ms"),
                Check("hpa-proto-cpu", "HPA list protobuf server CPU <= 100 us/request", hpaProtobufCpu, 100, "us"),
                Check("cluster-p99", "cluster-wide JSON pod list p99 <= 300 ms", cluster.P99Micros / 1000.0, 300, "ms"),
                Check("round-delay", "store round under both loads delayed <= 1 s", delay / 1000.0, 1, "s"),
                new("api", "failures", "every request answered 2xx", (hpaJson.Failures + hpaProtobuf.Failures + cluster.Failures + hpaLoaded.Failures + clusterLoaded.Failures).ToString(CultureInfo.InvariantCulture), hpaJson.Failures + hpaProtobuf.Failures + cluster.Failures + hpaLoaded.Failures + clusterLoaded.Failures == 0),
            };

            var figures = new MarkdownTable("load", "requests", "p50", "p99", "max", "server CPU/request", "body bytes");
            figures.Add(Row("HPA list JSON, 150/s", hpaJson, hpaJsonCpu));
            figures.Add(Row("HPA list protobuf, 150/s", hpaProtobuf, hpaProtobufCpu));
            figures.Add(Row("cluster-wide JSON list, 1/s", cluster, clusterCpu));
            figures.Add(Row("HPA JSON during store rounds", hpaLoaded, double.NaN));
            figures.Add(Row("cluster list during store rounds", clusterLoaded, double.NaN));
            Console.WriteLine();
            Console.WriteLine(figures.Render());
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

        private static string[] Row(string name, LoadResult result, double cpuMicros) =>
        [
            name,
            result.Requests.ToString(CultureInfo.InvariantCulture),
            Millis(result.P50Micros),
            Millis(result.P99Micros),
            Millis(result.MaxMicros),
            double.IsNaN(cpuMicros) ? "-" : cpuMicros.ToString("F0", CultureInfo.InvariantCulture) + " us",
            result.LastBodyBytes.ToString("N0", CultureInfo.InvariantCulture),
        ];

        private static string Millis(long micros) => (micros / 1000.0).ToString("F2", CultureInfo.InvariantCulture) + " ms";

        private static TargetCheck Check(string id, string criterion, double measured, double limit, string unit) =>
            new("api", id, criterion, measured.ToString("F3", CultureInfo.InvariantCulture) + " " + unit, measured <= limit);

        /// <summary>One open-loop run, with the server's CPU time (utime + stime from procfs) divided by its requests.</summary>
        private async Task<(LoadResult Result, double CpuMicrosPerRequest)> MeasureAsync(string path, string accept, double rate, TimeSpan length)
        {
            if (!server.TrySample(out var before))
            {
                throw new InvalidOperationException("the API server exited");
            }

            var result = await OpenLoopLoad.RunAsync(client, path, accept, rate, length, cancellationToken);
            if (!server.TrySample(out var after))
            {
                throw new InvalidOperationException("the API server exited");
            }

            return (result, (after.CpuSeconds - before.CpuSeconds) * 1e6 / result.Requests);
        }

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
