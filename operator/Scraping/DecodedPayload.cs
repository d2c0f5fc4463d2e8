using System.Runtime.InteropServices;

namespace MetricsOperator.Scraping;

/// <summary>A slice of <see cref="DecodedPayload.Labels"/>: label values are unescaped UTF-8 kept in one arena.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct Utf8Range(int Offset, int Length);

/// <summary>The node-level point of one payload.</summary>
[StructLayout(LayoutKind.Auto)]
internal struct NodeSample
{
    public long TimestampUnixNano;
    public ulong CpuNanoCoreSeconds;
    public ulong MemoryWorkingSetBytes;
    public ulong SwapUsageBytes;
    public bool HasSwap;
}

/// <summary>One container's point. <see cref="StartTimeUnixNano"/> is 0 when the kubelet sent no start time.</summary>
[StructLayout(LayoutKind.Auto)]
internal struct ContainerSample
{
    public Utf8Range Name;
    public long TimestampUnixNano;
    public long StartTimeUnixNano;
    public ulong CpuNanoCoreSeconds;
    public ulong MemoryWorkingSetBytes;
    public ulong SwapUsageBytes;
    public bool HasSwap;
}

/// <summary>A pod whose every container is usable; its containers are contiguous in <see cref="DecodedPayload.Containers"/>.</summary>
[StructLayout(LayoutKind.Auto)]
internal struct PodSample
{
    public Utf8Range Namespace;
    public Utf8Range Name;
    public int FirstContainer;
    public int ContainerCount;
}

internal enum DroppedKind
{
    Node,
    Pod,
    Container,
    Series,
}

internal enum DropReason
{
    MissingCpu,
    ZeroCpu,
    MissingMemory,
    ZeroMemory,
    NotANumber,
    MissingLabels,
    SiblingContainerDropped,

    /// <summary>A cpu, memory or swap value below zero: counters and gauges of usage cannot be negative.</summary>
    NegativeValue,

    /// <summary>A namespace, pod or container label value that is not valid UTF-8, so it cannot name a Kubernetes object.</summary>
    InvalidLabelValue,
}

/// <summary>Why something in the payload will not be served this round (for `inspect` and for logs).</summary>
[StructLayout(LayoutKind.Auto)]
internal struct DroppedEntry
{
    public DroppedKind Kind;
    public DropReason Reason;
    public Utf8Range Namespace;
    public Utf8Range Pod;
    public Utf8Range Container;
    public int Line;
}

/// <summary>
/// One decoded kubelet <c>/metrics/resource</c> response, holding only what will be served.
/// Instances are reused across rounds (the decoder calls <see cref="Reset"/>), so steady state allocates nothing;
/// consumers must copy out what they keep before the instance is decoded into again.
/// </summary>
internal sealed class DecodedPayload
{
    private byte[] _labels = new byte[4096];
    private int _labelLength;
    private ContainerSample[] _containers = new ContainerSample[64];
    private int _containerCount;
    private PodSample[] _pods = new PodSample[32];
    private int _podCount;
    private DroppedEntry[] _dropped = new DroppedEntry[8];
    private int _droppedCount;
    private NodeSample _node;

    /// <summary>True when the node point is usable (timestamp set, cpu and memory non-zero and finite).</summary>
    public bool HasNode { get; private set; }

    public ref readonly NodeSample Node => ref _node;

    public ReadOnlySpan<PodSample> Pods => _pods.AsSpan(0, _podCount);

    public ReadOnlySpan<ContainerSample> Containers => _containers.AsSpan(0, _containerCount);

    public ReadOnlySpan<DroppedEntry> Dropped => _dropped.AsSpan(0, _droppedCount);

    public ReadOnlySpan<byte> Labels => _labels.AsSpan(0, _labelLength);

    public ReadOnlySpan<byte> Label(Utf8Range range) => _labels.AsSpan(range.Offset, range.Length);

    public ReadOnlySpan<ContainerSample> ContainersOf(in PodSample pod) => _containers.AsSpan(pod.FirstContainer, pod.ContainerCount);

    public void Reset()
    {
        HasNode = false;
        _node = default;
        _labelLength = 0;
        _containerCount = 0;
        _podCount = 0;
        _droppedCount = 0;
    }

    public void SetNode(in NodeSample node)
    {
        _node = node;
        HasNode = true;
    }

    /// <summary>Copies a label value into the arena, growing it when needed.</summary>
    public Utf8Range AppendLabel(ReadOnlySpan<byte> value)
    {
        EnsureCapacity(ref _labels, _labelLength + value.Length);
        value.CopyTo(_labels.AsSpan(_labelLength));
        var range = new Utf8Range(_labelLength, value.Length);
        _labelLength += value.Length;
        return range;
    }

    /// <summary>Reserves <paramref name="length"/> bytes in the arena for the caller to fill (used when unescaping).</summary>
    public Span<byte> ReserveLabel(int length, out Utf8Range range)
    {
        EnsureCapacity(ref _labels, _labelLength + length);
        range = new Utf8Range(_labelLength, length);
        var span = _labels.AsSpan(_labelLength, length);
        _labelLength += length;
        return span;
    }

    /// <summary>Gives back the unused tail of the last reservation.</summary>
    public void TrimLastLabel(Utf8Range reserved, int usedLength)
    {
        if (reserved.Offset + reserved.Length == _labelLength)
        {
            _labelLength = reserved.Offset + usedLength;
        }
    }

    public int AddContainer(in ContainerSample container)
    {
        EnsureCapacity(ref _containers, _containerCount + 1);
        _containers[_containerCount] = container;
        return _containerCount++;
    }

    public void AddPod(in PodSample pod)
    {
        EnsureCapacity(ref _pods, _podCount + 1);
        _pods[_podCount++] = pod;
    }

    public void AddDropped(in DroppedEntry entry)
    {
        EnsureCapacity(ref _dropped, _droppedCount + 1);
        _dropped[_droppedCount++] = entry;
    }

    private static void EnsureCapacity<T>(ref T[] array, int needed)
    {
        if (needed > array.Length)
        {
            Array.Resize(ref array, Math.Max(needed, array.Length * 2));
        }
    }
}
