using System.Text;
using MetricsOperator.Tests.Fixtures;

namespace MetricsOperator.Tests.Scraping;

/// <summary>Kubelet response bodies from the shared metrics-server fixtures.</summary>
internal static class KubeletBodies
{
    private static readonly Lazy<byte[]> NodeOnlyBytes = new(() => File.ReadAllBytes(SharedFixtures.Kubelet("reconstructed-scraper-node-only.prom")));
    private static readonly Lazy<byte[]> Node1Bytes = new(() => File.ReadAllBytes(SharedFixtures.Kubelet("reconstructed-scraper-node1.prom")));
    private static readonly Lazy<byte[]> NegativeTimestampBytes = new(() => File.ReadAllBytes(SharedFixtures.Kubelet("decode-negative-timestamp.prom")));

    /// <summary>A node point only: cpu 100 ns·core, memory 200 B (the scraper test's other nodes).</summary>
    public static byte[] NodeOnly => NodeOnlyBytes.Value;

    /// <summary>node1 of the scraper test: the node point and pods ns1/pod1, ns1/pod2, ns2/pod1, ns3/pod1.</summary>
    public static byte[] Node1 => Node1Bytes.Value;

    /// <summary>A body the decoder rejects (a negative timestamp).</summary>
    public static byte[] NegativeTimestamp => NegativeTimestampBytes.Value;

    /// <summary><see cref="NodeOnly"/> padded with a comment line to exactly <paramref name="size"/> bytes.</summary>
    public static byte[] NodeOnlyPaddedTo(int size)
    {
        var padding = size - NodeOnly.Length - 3;
        return [.. Encoding.ASCII.GetBytes("# " + new string('x', padding) + "\n"), .. NodeOnly];
    }
}
