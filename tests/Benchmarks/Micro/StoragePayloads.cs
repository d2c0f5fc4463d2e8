using System.Text;
using MetricsOperator.Scraping;

namespace MetricsOperator.Benchmarks.Micro;

/// <summary>
/// One kubelet-shaped node for the storage benchmarks: realistic name lengths (namespaces of 16, pod names of 39
/// characters), labels encoded once, values advancing 15 s per round. Refilling a payload allocates nothing.
/// </summary>
internal sealed class StoragePayloads
{
    private const long RoundNanoseconds = 15_000_000_000;
    private const long BaseUnixNano = 1_633_252_712_000_000_000;

    private static readonly byte[][] ContainerNames = [.. new[] { "app", "istio-proxy" }.Select(Encoding.UTF8.GetBytes)];

    private readonly byte[][] _namespaces;
    private readonly byte[][] _podNames;
    private readonly int _containersPerPod;

    /// <param name="namespaces">How many namespaces the pods spread over (round-robin across the cluster).</param>
    public StoragePayloads(int nodeIndex, int pods, int containersPerPod, int namespaces = 10)
    {
        Name = $"worker-node-{nodeIndex:D5}";
        _containersPerPod = containersPerPod;
        _namespaces = new byte[pods][];
        _podNames = new byte[pods][];
        for (var i = 0; i < pods; i++)
        {
            _namespaces[i] = Encoding.UTF8.GetBytes($"team-{(nodeIndex + i) % namespaces:D2}-services");
            _podNames[i] = Encoding.UTF8.GetBytes($"checkout-api-{nodeIndex:D5}-{i:D3}-7d9f8c6b5d-x2k4q");
        }
    }

    public string Name { get; }

    public string Namespace(int pod) => Encoding.UTF8.GetString(_namespaces[pod]);

    public string PodName(int pod) => Encoding.UTF8.GetString(_podNames[pod]);

    public void Fill(DecodedPayload payload, int round)
    {
        payload.Reset();
        var timestamp = BaseUnixNano + (round * RoundNanoseconds);
        payload.SetNode(new NodeSample
        {
            TimestampUnixNano = timestamp,
            CpuNanoCoreSeconds = (ulong)round * 15_000_000_000UL,
            MemoryWorkingSetBytes = 2_000_000_000UL + (ulong)round,
        });
        for (var pod = 0; pod < _podNames.Length; pod++)
        {
            var first = -1;
            for (var container = 0; container < _containersPerPod; container++)
            {
                var index = payload.AddContainer(new ContainerSample
                {
                    Name = payload.AppendLabel(ContainerNames[container % ContainerNames.Length]),
                    TimestampUnixNano = timestamp,
                    StartTimeUnixNano = BaseUnixNano - 86_400_000_000_000,
                    CpuNanoCoreSeconds = (ulong)round * 1_500_000_000UL * (ulong)(container + 1),
                    MemoryWorkingSetBytes = 50_000_000UL + (ulong)((pod * 8) + container),
                });
                first = first < 0 ? index : first;
            }

            payload.AddPod(new PodSample
            {
                Namespace = payload.AppendLabel(_namespaces[pod]),
                Name = payload.AppendLabel(_podNames[pod]),
                FirstContainer = first,
                ContainerCount = _containersPerPod,
            });
        }
    }
}
