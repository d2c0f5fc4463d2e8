using BenchmarkDotNet.Attributes;
using MetricsOperator.Scraping;

namespace MetricsOperator.Benchmarks.Micro;

/// <summary>Decoding one kubelet <c>/metrics/resource</c> response into a reused <see cref="DecodedPayload"/> (steady state).</summary>
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    private readonly KubeletPayloadDecoder _decoder = new();
    private readonly DecodedPayload _into = new();
    private byte[] _payload = [];

    /// <summary>Named payloads; add a new one here to benchmark it too.</summary>
    private static readonly Dictionary<string, Func<byte[]>> PayloadSources = new(StringComparer.Ordinal)
    {
        ["kind-node-70-pods"] = () => File.ReadAllBytes(Path.Combine(KubeletFixturesDirectory(), "kind-node-70-pods.prom")),
        ["farm-30x2"] = FarmPayload.Render,
    };

    [ParamsSource(nameof(PayloadNames))]
    public string Payload { get; set; } = string.Empty;

    public static IEnumerable<string> PayloadNames => PayloadSources.Keys;

    [GlobalSetup]
    public void Setup()
    {
        _payload = PayloadSources[Payload]();
        Console.WriteLine($"// payload {Payload}: {_payload.Length:N0} bytes");
        if (!_decoder.TryDecode(_payload, 0, _into, out var error))
        {
            throw new InvalidOperationException($"payload {Payload} does not decode: {error}");
        }
    }

    [Benchmark]
    public int Decode()
    {
        _decoder.TryDecode(_payload, 0, _into, out _);
        return _into.Containers.Length;
    }

    /// <summary>The shared kubelet fixtures: <c>$METRICS_OPERATOR_SHARED</c>, or <c>../shared</c> beside the folder holding Operator.sln.</summary>
    private static string KubeletFixturesDirectory()
    {
        var shared = Environment.GetEnvironmentVariable("METRICS_OPERATOR_SHARED");
        if (!string.IsNullOrEmpty(shared))
        {
            return Path.Combine(shared, "fixtures", "metrics-server", "kubelet");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures", "metrics-server", "kubelet"));
            }
        }

        throw new DirectoryNotFoundException("Operator.sln not found above " + AppContext.BaseDirectory);
    }
}
