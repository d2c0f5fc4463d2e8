using System.Net;
using MetricsOperator.KubeletFarm;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.KubeletFarm;

/// <summary>Builders for simulated nodes used by the farm's tests.</summary>
internal static class FarmTestNodes
{
    public static readonly DateTimeOffset Epoch = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A node without generated pods, exact timestamps and a 100m / 1 GiB overhead, created at <see cref="Epoch"/>.</summary>
    public static SimulatedNode Empty(FakeTimeProvider clock) => new(
        "node-a",
        IPAddress.Parse("127.11.0.1"),
        10250,
        new WorkloadShape
        {
            PodsPerNode = 0,
            SampleTimestampSpread = TimeSpan.Zero,
            MaxContainerAge = TimeSpan.FromMinutes(1),
            NodeOverhead = new ResourceUsage(100_000_000, 1L << 30),
        },
        time: clock);

    /// <summary>
    /// <see cref="Empty"/> plus two pods started 100 s before <see cref="Epoch"/>:
    /// kube-system/coredns-558bd4d5db-4dpjz (coredns: 4m, 12533760 B) and
    /// default/web-7d4b9c-abcde (app: 50m, 2486087680 B; istio-proxy: 1234567n, 31457280 B).
    /// </summary>
    public static SimulatedNode TwoPods(FakeTimeProvider clock)
    {
        var node = Empty(clock);
        var started = Epoch.AddSeconds(-100);
        node.AddPod(new PodTemplate("kube-system", "coredns-558bd4d5db-4dpjz", [new ContainerTemplate("coredns", new ResourceUsage(4_000_000, 12533760), started)]));
        node.AddPod(new PodTemplate(
            "default",
            "web-7d4b9c-abcde",
            [
                new ContainerTemplate("app", new ResourceUsage(50_000_000, 2486087680), started),
                new ContainerTemplate("istio-proxy", new ResourceUsage(1_234_567, 31457280), started),
            ]));
        return node;
    }

    public static SimulatedNode Generated(FakeTimeProvider clock, WorkloadShape? shape = null, int index = 0) =>
        new($"node-{index}", IPAddress.Parse("127.11.0.1"), 10250, shape ?? new WorkloadShape(), index, clock);
}
