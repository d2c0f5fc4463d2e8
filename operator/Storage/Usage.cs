using System.Runtime.InteropServices;

namespace MetricsOperator.Storage;

/// <summary>Served usage in raw units: cpu in nanocores, memory and swap in bytes (swap only when the kubelet sent it).</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct ResourceUsage(ulong CpuNanoCores, ulong MemoryBytes, ulong SwapBytes, bool HasSwap);

/// <summary>
/// The interval the usage was measured over, from the kubelet's own sample timestamps:
/// [<see cref="TimestampUnixNano"/> − <see cref="WindowNanoseconds"/>, <see cref="TimestampUnixNano"/>].
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct MeasurementWindow(long TimestampUnixNano, long WindowNanoseconds)
{
    public DateTimeOffset Timestamp => DateTimeOffset.UnixEpoch.AddTicks(TimestampUnixNano / TimeSpan.NanosecondsPerTick);

    public TimeSpan Window => TimeSpan.FromTicks(WindowNanoseconds / TimeSpan.NanosecondsPerTick);
}

[StructLayout(LayoutKind.Auto)]
internal readonly record struct NodeUsage(string Name, MeasurementWindow Measured, ResourceUsage Usage);

[StructLayout(LayoutKind.Auto)]
internal readonly record struct ContainerUsage(string Name, ResourceUsage Usage);
