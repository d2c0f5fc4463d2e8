using System.Runtime.InteropServices;

namespace MetricsOperator.Storage;

/// <summary>One cumulative sample: when it was taken, when its container started, and the cpu used since then.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct CumulativePoint(long TimestampUnixNano, long StartUnixNano, ulong CpuNanoCoreSeconds)
{
    /// <summary>
    /// Start time of a point whose kubelet sent none. Like Go's zero time it sorts before every real time, so the
    /// fresh-container and restart rules treat such a point exactly as the reference does.
    /// </summary>
    public const long NoStart = long.MinValue;
}

/// <summary>
/// The two points kept for a node or a container (the two-point model of metrics-server): <see cref="Last"/>, the
/// newest sample, and <see cref="Prev"/>, the sample the rate is taken against, when there is one. Memory and swap
/// are gauges, so only the newest values are kept.
/// </summary>
/// <remarks>
/// A node holds two copies of every container, so this stays at 64 bytes: instead of two flags (8 more bytes with
/// padding) the prev timestamp is stored with its sign bit flipped and swap as bytes + 1, which makes
/// <c>default</c> mean "no prev, no swap". The values this gives up cannot occur: a prev timestamp of
/// <see cref="long.MinValue"/> (prev timestamps are samples' or a fresh container's start, never that far back)
/// and exactly 2^64 − 1 bytes of swap (kept as one byte less).
/// </remarks>
[StructLayout(LayoutKind.Auto)]
internal readonly struct SeriesState
{
    private readonly long _prevTimestampSignFlipped;
    private readonly long _prevStartUnixNano;
    private readonly ulong _prevCpuNanoCoreSeconds;
    private readonly ulong _swapBytesPlusOne;

    public SeriesState(in CumulativePoint last, CumulativePoint? prev, ulong memoryBytes, ulong? swapBytes)
    {
        Last = last;
        MemoryBytes = memoryBytes;
        if (prev is { } point)
        {
            _prevTimestampSignFlipped = point.TimestampUnixNano ^ long.MinValue;
            _prevStartUnixNano = point.StartUnixNano;
            _prevCpuNanoCoreSeconds = point.CpuNanoCoreSeconds;
        }

        _swapBytesPlusOne = swapBytes is { } swap ? (swap == ulong.MaxValue ? swap : swap + 1) : 0;
    }

    public CumulativePoint Last { get; }

    public bool HasPrev => _prevTimestampSignFlipped != 0;

    /// <summary>Only meaningful when <see cref="HasPrev"/>.</summary>
    public CumulativePoint Prev => new(_prevTimestampSignFlipped ^ long.MinValue, _prevStartUnixNano, _prevCpuNanoCoreSeconds);

    public ulong MemoryBytes { get; }

    public bool HasSwap => _swapBytesPlusOne != 0;

    public ulong SwapBytes => HasSwap ? _swapBytesPlusOne - 1 : 0;
}

/// <summary>A container's series inside a <see cref="NodeTable"/>; containers of one pod are contiguous.</summary>
[StructLayout(LayoutKind.Auto)]
internal struct ContainerSeries
{
    public string Name;
    public SeriesState State;
}

/// <summary>A pod inside a <see cref="NodeTable"/>: its interned names and the range of its containers.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct PodEntry(string Namespace, string Name, int FirstContainer, int ContainerCount);
