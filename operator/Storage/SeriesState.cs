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
/// are gauges, so only the newest values are kept. "No prev" and "no swap" are sentinels rather than flags: that
/// keeps a container at 72 bytes, and a node holds two copies of every container.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal readonly struct SeriesState
{
    /// <summary>No prev: a prev timestamp is a stored sample's (never negative) or a fresh container's start.</summary>
    private const long NoPrevTimestamp = long.MinValue;

    /// <summary>No swap reported (a kubelet cannot report 2^64 − 1 bytes of swap).</summary>
    private const ulong NoSwap = ulong.MaxValue;

    private readonly CumulativePoint _prev;
    private readonly ulong _swapBytes;

    public SeriesState(in CumulativePoint last, CumulativePoint? prev, ulong memoryBytes, ulong? swapBytes)
    {
        Last = last;
        _prev = prev ?? new CumulativePoint(NoPrevTimestamp, CumulativePoint.NoStart, 0);
        MemoryBytes = memoryBytes;
        _swapBytes = swapBytes ?? NoSwap;
    }

    public CumulativePoint Last { get; }

    public bool HasPrev => _prev.TimestampUnixNano != NoPrevTimestamp;

    /// <summary>Only meaningful when <see cref="HasPrev"/>.</summary>
    public CumulativePoint Prev => _prev;

    public ulong MemoryBytes { get; }

    public bool HasSwap => _swapBytes != NoSwap;

    public ulong SwapBytes => HasSwap ? _swapBytes : 0;
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
