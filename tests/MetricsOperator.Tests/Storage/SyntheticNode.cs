using System.Text;
using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Storage;

/// <summary>
/// A kubelet-shaped node for load tests: realistic name lengths, labels encoded once, and every value derived from
/// the round number so that a reader can tell which scrape it is looking at. Refilling a payload allocates nothing.
/// </summary>
internal sealed class SyntheticNode
{
    public const long RoundNanoseconds = 15_000_000_000;
    public const ulong MemoryPerRound = 1_000_000;

    public static readonly long BaseUnixNano = PayloadBuilder.UnixNano(PayloadBuilder.T0);

    private static readonly byte[][] ContainerNames = [.. new[] { "app", "istio-proxy", "log-shipper", "metrics" }.Select(Encoding.UTF8.GetBytes)];

    private readonly byte[][] _namespaces;
    private readonly byte[][] _podNames;
    private readonly int _containersPerPod;

    public SyntheticNode(int nodeIndex, int pods, int containersPerPod)
    {
        Name = $"worker-node-{nodeIndex:D5}";
        _containersPerPod = containersPerPod;
        _namespaces = new byte[pods][];
        _podNames = new byte[pods][];
        for (var i = 0; i < pods; i++)
        {
            _namespaces[i] = Encoding.UTF8.GetBytes($"team-{(nodeIndex + i) % 10:D2}-services");
            _podNames[i] = Encoding.UTF8.GetBytes($"checkout-api-{nodeIndex:D5}-{i:D3}-7d9f8c6b5d-x2k4q");
        }
    }

    public string Name { get; }

    public int Pods => _podNames.Length;

    public string Namespace(int pod) => Encoding.UTF8.GetString(_namespaces[pod]);

    public string PodName(int pod) => Encoding.UTF8.GetString(_podNames[pod]);

    public static long TimestampOf(int round) => BaseUnixNano + (round * RoundNanoseconds);

    /// <summary>Memory encodes the round, so torn reads (containers of two scrapes) are detectable.</summary>
    public static ulong MemoryOf(int round, int pod, int container) => (MemoryPerRound * (ulong)round) + (ulong)((pod * 8) + container + 1);

    /// <summary>Cumulative cpu grows so that container k always runs at (k+1) × 100m.</summary>
    public static ulong CpuOf(int round, int container) => (ulong)round * 15UL * (ulong)(container + 1) * 100_000_000UL;

    public void Fill(DecodedPayload payload, int round)
    {
        payload.Reset();
        var timestamp = TimestampOf(round);
        payload.SetNode(new NodeSample
        {
            TimestampUnixNano = timestamp,
            CpuNanoCoreSeconds = (ulong)round * 15_000_000_000UL,
            MemoryWorkingSetBytes = MemoryPerRound * (ulong)round,
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
                    CpuNanoCoreSeconds = CpuOf(round, container),
                    MemoryWorkingSetBytes = MemoryOf(round, pod, container),
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
