using System.Globalization;
using MetricsOperator.Benchmarks.Scrape;

namespace MetricsOperator.Benchmarks.Api;

/// <summary>Prints one <c>api</c> run's figures and its targets; <see cref="Print"/> returns 1 when a target fails.</summary>
internal sealed class ApiReport(double idleCpuPerSecond)
{
    public required ApiPhase Floor { get; init; }

    public required ApiPhase HpaJson { get; init; }

    public required ApiPhase HpaProtobuf { get; init; }

    public required ApiPhase Cluster { get; init; }

    public required ApiPhase HpaLoaded { get; init; }

    public required ApiPhase ClusterLoaded { get; init; }

    public required List<double> IdleRounds { get; init; }

    public required List<double> LoadedRounds { get; init; }

    public int Print()
    {
        var idle = Median(IdleRounds);
        var delay = LoadedRounds.Max() - idle;
        var failures = new[] { Floor, HpaJson, HpaProtobuf, Cluster, HpaLoaded, ClusterLoaded }.Sum(p => p.Client.Failures);
        var checks = new List<TargetCheck>
        {
            Check("hpa-json-p99", "HPA list JSON server-side p99 <= 2 ms", HpaJson.Server.P99Micros / 1000.0, 2, "ms"),
            Check("hpa-json-p999", "HPA list JSON server-side p99.9 <= 10 ms", HpaJson.Server.P999Micros / 1000.0, 10, "ms"),
            Check("hpa-json-cpu", "HPA list JSON server CPU <= 100 us/request", HpaJson.Cpu!.PerRequestMicros, 100, "us"),
            Check("hpa-proto-p99", "HPA list protobuf server-side p99 <= 2 ms", HpaProtobuf.Server.P99Micros / 1000.0, 2, "ms"),
            Check("hpa-proto-p999", "HPA list protobuf server-side p99.9 <= 10 ms", HpaProtobuf.Server.P999Micros / 1000.0, 10, "ms"),
            Check("hpa-proto-cpu", "HPA list protobuf server CPU <= 100 us/request", HpaProtobuf.Cpu!.PerRequestMicros, 100, "us"),
            Check("cluster-p99", "cluster-wide JSON pod list server-side p99 <= 300 ms", Cluster.Server.P99Micros / 1000.0, 300, "ms"),
            Check("cluster-cpu", "cluster-wide JSON pod list server CPU <= 150 ms/request", Cluster.Cpu!.PerRequestMicros / 1000.0, 150, "ms"),
            Check("round-delay", "store round under both loads delayed <= 1 s", delay / 1000.0, 1, "s"),
            new("api", "failures", "every request answered 2xx", failures.ToString(CultureInfo.InvariantCulture), failures == 0),
        };

        var figures = new MarkdownTable("load", "requests", "client p50 / p99 / p99.9 / max", "server p50 / p99 / p99.9 / max", "server CPU/request", "net of idle", "body bytes");
        figures.Add(Row("floor: HPA list selecting nothing, 150/s", Floor));
        figures.Add(Row("HPA list JSON, 150/s", HpaJson));
        figures.Add(Row("HPA list protobuf, 150/s", HpaProtobuf));
        figures.Add(Row("cluster-wide JSON list, 1/s", Cluster));
        figures.Add(Row("HPA JSON during store rounds", HpaLoaded));
        figures.Add(Row("cluster list during store rounds", ClusterLoaded));
        Console.WriteLine();
        Console.WriteLine(figures.Render());
        Console.WriteLine("client latency counts from each request's scheduled send time; server latency from the request's entry into the pipeline until its response completed");
        Console.WriteLine($"the floor (an authenticated request answered with an empty list: TLS, HTTP/2, middleware, thread-pool hand-offs) is {FloorShare(HpaJson)} of the HPA JSON list's CPU and {FloorShare(HpaProtobuf)} of the protobuf list's");
        Console.WriteLine($"client send lateness p99 / max (in the client latency): HPA JSON {Millis(HpaJson.Client.LateP99Micros, HpaJson.Client.LateMaxMicros)}, HPA protobuf {Millis(HpaProtobuf.Client.LateP99Micros, HpaProtobuf.Client.LateMaxMicros)}");
        Console.WriteLine($"server CPU with no requests: {idleCpuPerSecond * 1e3:F1} ms per second (the net column subtracts it)");
        Console.WriteLine($"garbage collections: floor phase server {Floor.Server.Gc}, client {Floor.ClientGc}; HPA JSON phase server {HpaJson.Server.Gc}, client {HpaJson.ClientGc}; HPA protobuf phase server {HpaProtobuf.Server.Gc}, client {HpaProtobuf.ClientGc}; cluster list phase server {Cluster.Server.Gc}, client {Cluster.ClientGc}; store-round phase server {HpaLoaded.Server.Gc}, client {HpaLoaded.ClientGc}");
        Console.WriteLine(StoreRoundSummary(idle, LoadedRounds));
        Console.WriteLine();
        var targets = new MarkdownTable("id", "target", "measured", "result");
        foreach (var check in checks)
        {
            targets.Add(check.Id, check.Criterion, check.Measured, check.Result);
        }

        Console.WriteLine(targets.Render());
        return checks.All(c => c.Pass) ? 0 : 1;
    }

    private string FloorShare(ApiPhase list) =>
        string.Create(CultureInfo.InvariantCulture, $"{Floor.Cpu!.PerRequestMicros / list.Cpu!.PerRequestMicros:P0}");

    private static string StoreRoundSummary(double idleMedian, List<double> loaded)
    {
        var sorted = loaded.Order().ToList();
        var p99 = sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(sorted.Count * 0.99) - 1)];
        return string.Create(
            CultureInfo.InvariantCulture,
            $"store round (5,000 nodes ingested): idle median {idleMedian:F0} ms; under load {sorted.Count} rounds, median {Median(sorted):F0} ms, p99 {p99:F0} ms, max {sorted[^1]:F0} ms");
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private string[] Row(string name, ApiPhase phase) =>
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
}
