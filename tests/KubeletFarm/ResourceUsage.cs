using System.Runtime.InteropServices;

namespace MetricsOperator.KubeletFarm;

/// <summary>A usage rate as the metrics API reports it: CPU in nanocores (billionths of a core) and working-set memory in bytes.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct ResourceUsage(long NanoCores, long MemoryBytes)
{
    public static ResourceUsage operator +(ResourceUsage left, ResourceUsage right) =>
        new(left.NanoCores + right.NanoCores, left.MemoryBytes + right.MemoryBytes);

    public static ResourceUsage Add(ResourceUsage left, ResourceUsage right) => left + right;

    public override string ToString() => $"{NanoCores}n cpu, {MemoryBytes} B memory";
}
