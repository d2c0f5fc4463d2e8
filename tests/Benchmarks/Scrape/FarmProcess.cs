using System.Net;
using MetricsOperator.KubeletFarm;

namespace MetricsOperator.Benchmarks.Scrape;

/// <summary>
/// The harness's kubelet process: a <see cref="KubeletFarmHost"/> on the real clock (counters advance as time
/// passes) with TLS and a per-node certificate. Writes <see cref="HarnessFiles"/>, prints <c>ready</c>, and serves
/// until its standard input closes (the harness went away) or it receives SIGINT/SIGTERM.
/// </summary>
internal static class FarmProcess
{
    public const string Mode = "farm-process";
    public const string ReadyLine = "ready";

    private static readonly string[] Options = ["dir", "nodes", "pods", "containers", "base-address", "port"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var arguments = HarnessArguments.Parse(args, Options);
        var files = new HarnessFiles(arguments.RequiredText("dir"));
        var options = new KubeletFarmOptions
        {
            NodeCount = arguments.Integer("nodes", 1_000, 1, 60_000),
            BaseAddress = arguments.LoopbackAddress("base-address", IPAddress.Parse("127.10.0.0")),
            Port = arguments.Integer("port", KubeletFarmOptions.KubeletPort, 1, IPEndPoint.MaxPort),
            Workload = new WorkloadShape
            {
                PodsPerNode = arguments.Integer("pods", 30, 0, 1_000),
                ContainersPerPod = arguments.Integer("containers", 2, 1, 100),
            },
            TimeProvider = TimeProvider.System,

            // What a Go kubelet negotiates; the price (no TLS session resumption) does not show on kept-alive connections.
            GoTls13CipherOrder = true,
        };

        using var lifetime = new ChildLifetime();
        await using var farm = await KubeletFarmHost.StartAsync(options, lifetime.Stopping);
        farm.CertificateAuthority.WriteCaBundle(files.Directory);
        files.WriteNodes(farm.Nodes.Select(node => node.ToV1Node()));
        files.WriteToken(options.BearerToken);
        await Console.Out.WriteLineAsync($"{ReadyLine} {farm.Nodes.Count} nodes in {farm.StartupDuration.TotalSeconds:0.0} s");
        await Console.Out.FlushAsync(lifetime.Stopping);
        await lifetime.WhenStopping();
        return 0;
    }
}
