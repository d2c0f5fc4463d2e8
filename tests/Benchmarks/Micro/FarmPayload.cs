using System.Net;
using MetricsOperator.KubeletFarm;

namespace MetricsOperator.Benchmarks.Micro;

/// <summary>
/// The body one simulated kubelet of the scrape benchmark serves: 30 pods × 2 containers in the kubelet 1.29+
/// format (about 45–49 KB), rendered by the farm at a fixed instant so every run decodes the same bytes.
/// </summary>
internal static class FarmPayload
{
    private static readonly DateTimeOffset RenderedAt = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    public static byte[] Render()
    {
        var node = new SimulatedNode(
            "farm-node-00042",
            IPAddress.Parse("127.10.0.43"),
            KubeletFarmOptions.KubeletPort,
            new WorkloadShape { PodsPerNode = 30, ContainersPerPod = 2 },
            index: 42,
            new FixedClock(RenderedAt));
        using var buffer = new PooledByteBuffer(64 * 1024);
        new KubeletPayloadRenderer().Render(node, buffer);
        var body = buffer.WrittenSpan.ToArray();
        return body.Length is >= 40_000 and <= 55_000
            ? body
            : throw new InvalidOperationException($"the farm rendered {body.Length} bytes for 30 pods × 2 containers, not the expected 45–49 KB");
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
