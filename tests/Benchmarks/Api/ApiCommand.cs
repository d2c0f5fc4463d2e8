using System.Globalization;
using System.Net;
using MetricsOperator.Benchmarks.Scrape;
using MetricsOperator.KubeletFarm;

namespace MetricsOperator.Benchmarks.Api;

/// <summary>
/// <c>api</c>: the issue's API benchmark. An <see cref="ApiServerProcess"/> serves the W5k cluster over HTTPS; this
/// process, authenticated by an x509 client certificate, drives it open-loop: the HPA's namespaced list with a label
/// selector (JSON and protobuf) at 150 requests per second, the same list selecting nothing (the floor: what
/// transport and middleware cost a request), the cluster-wide JSON pod list, and both again while
/// store rounds (a scrape round's ingest of 5,000 nodes) run. It prints the figures against the targets and returns
/// 1 when one fails.
/// </summary>
internal static class ApiCommand
{
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
}
