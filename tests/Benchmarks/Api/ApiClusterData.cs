using k8s.Models;
using MetricsOperator.Benchmarks.Micro;
using MetricsOperator.Kubernetes.Informers;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Kubernetes.Pods;
using MetricsOperator.Scraping;
using MetricsOperator.Storage;

namespace MetricsOperator.Benchmarks.Api;

/// <summary>
/// The W5k cluster the API benchmark serves: 5,000 nodes × 30 running pods (150,000) in 50 namespaces of 3,000,
/// stored twice through the storage benchmark's payloads so rates exist. Pod labels make an HPA's selector
/// (<c>app=web-7</c>) pick about 100 pods of a namespace; <see cref="StoreRound"/> is a scrape round's ingest.
/// </summary>
internal sealed class ApiClusterData : IDisposable
{
    public const int Nodes = 5_000;
    public const int PodsPerNode = 30;
    public const int Namespaces = 50;
    public const int Deployments = 30;

    private readonly StoragePayloads[] _payloads;
    private readonly DecodedPayload _scratch = new();
    private int _round = 2;

    public ApiClusterData()
    {
        Store = new MetricsStore(TimeProvider.System, new ScrapeSettingsSource(new ScrapeSettings { Resolution = TimeSpan.FromSeconds(15) }));
        _payloads = [.. Enumerable.Range(0, Nodes).Select(i => new StoragePayloads(i, PodsPerNode, containersPerPod: 2, Namespaces))];
        var pods = new List<PartialObjectMetadata>(Nodes * PodsPerNode);
        var nodes = new List<V1Node>(Nodes);
        for (var n = 0; n < Nodes; n++)
        {
            nodes.Add(new V1Node { Metadata = new V1ObjectMeta { Name = _payloads[n].Name, ResourceVersion = "1", Labels = new Dictionary<string, string> { ["pool"] = $"pool-{n % 10}" } } });
            for (var p = 0; p < PodsPerNode; p++)
            {
                pods.Add(new PartialObjectMetadata
                {
                    Metadata = new V1ObjectMeta
                    {
                        NamespaceProperty = _payloads[n].Namespace(p),
                        Name = _payloads[n].PodName(p),
                        Uid = $"{n:D5}-{p:D3}",
                        ResourceVersion = "1",
                        Labels = new Dictionary<string, string> { ["app"] = $"web-{n % Deployments}", ["tier"] = "frontend", ["pod-template-hash"] = $"h{n % Deployments}" },
                    },
                });
            }
        }

        PodCache.Replace(pods);
        NodeCache.Replace(nodes);
        StoreRound(1);
        StoreRound(2);
    }

    /// <summary>A namespace of 3,000 pods, the HPA's.</summary>
    public static string HpaNamespace => "team-07-services";

    public static string HpaSelector => "app=web-7";

    /// <summary>Selects no pod (no deployment is called <c>none</c>): the benchmark's floor, a request that lists nothing.</summary>
    public static string FloorSelector => "app=none";

    public MetricsStore Store { get; }

    public PodMetadataCache PodCache { get; } = new();

    public InformerCache<V1Node> NodeCache { get; } = new();

    /// <summary>Stores the next round for every node, as a scrape round's ingest does, and returns how long it took.</summary>
    public TimeSpan StoreNextRound() => StoreRound(Interlocked.Increment(ref _round));

    public void Dispose() => PodCache.Dispose();

    private TimeSpan StoreRound(int round)
    {
        var start = TimeProvider.System.GetTimestamp();
        foreach (var node in _payloads)
        {
            node.Fill(_scratch, round);
            Store.StoreNode(node.Name, _scratch);
        }

        return TimeProvider.System.GetElapsedTime(start);
    }
}
