using BenchmarkDotNet.Attributes;
using MetricsOperator.Scraping;
using MetricsOperator.Storage;

namespace MetricsOperator.Benchmarks.Micro;

/// <summary>
/// The metrics store's hot paths: storing one 30-pod × 2-container node scrape (steady state, timestamps
/// advancing), a single pod lookup as an HPA GET does it, and listing one namespace of a 3,000-pod store.
/// </summary>
[MemoryDiagnoser]
public class StorageBenchmarks
{
    private const int Nodes = 100;
    private const int PodsPerNode = 30;
    private const int ContainersPerPod = 2;
    private const int PreparedRounds = 64;

    private readonly List<PodUsage> _listed = new(capacity: 1024);
    private MetricsStore _store = null!;
    private StoragePayloads[] _nodes = null!;
    private DecodedPayload[] _rounds = null!;
    private int _nextRound;
    private string _podNamespace = null!;
    private string _podName = null!;

    [GlobalSetup]
    public void Setup()
    {
        _store = new MetricsStore(TimeProvider.System, new ScrapeSettingsSource(new ScrapeSettings { Resolution = TimeSpan.FromSeconds(15) }));
        _nodes = [.. Enumerable.Range(0, Nodes).Select(i => new StoragePayloads(i, PodsPerNode, ContainersPerPod))];
        var payload = new DecodedPayload();
        for (var round = 1; round <= 2; round++)
        {
            foreach (var node in _nodes)
            {
                node.Fill(payload, round);
                _store.StoreNode(node.Name, payload);
            }
        }

        // Node 0 keeps being scraped by the StoreNode benchmark from round 3 on.
        _rounds = new DecodedPayload[PreparedRounds];
        for (var i = 0; i < PreparedRounds; i++)
        {
            _rounds[i] = new DecodedPayload();
            _nodes[0].Fill(_rounds[i], 3 + i);
        }

        _podNamespace = _nodes[42].Namespace(7);
        _podName = _nodes[42].PodName(7);
    }

    [Benchmark(Description = "StoreNode 30x2")]
    public void StoreNode()
    {
        _store.StoreNode(_nodes[0].Name, _rounds[_nextRound]);
        _nextRound = (_nextRound + 1) % PreparedRounds;
    }

    [Benchmark(Description = "View + TryGetPod + read containers")]
    public ulong TryGetPod()
    {
        using var view = _store.OpenView();
        if (!view.TryGetPod(_podNamespace, _podName, out var usage))
        {
            throw new InvalidOperationException("the pod should be servable");
        }

        ulong sum = 0;
        foreach (var container in usage.Containers)
        {
            sum += container.Usage.CpuNanoCores + container.Usage.MemoryBytes;
        }

        return sum;
    }

    [Benchmark(Description = "List one namespace (300 of 3000 pods)")]
    public int ListNamespace()
    {
        _listed.Clear();
        using var view = _store.OpenView();
        view.CollectPods(_podNamespace, _listed);
        return _listed.Count;
    }
}
