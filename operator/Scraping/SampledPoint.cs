using System.Runtime.InteropServices;

namespace MetricsOperator.Scraping;

/// <summary>
/// The cpu, memory and swap samples read so far for the node or one container, kept as parsed doubles with the line
/// each came from (0 = not seen) so the verdict is taken once the whole payload is read. A repeated series overwrites.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal struct SampledPoint
{
    public double Cpu;
    public double Memory;
    public double Swap;
    public int CpuLine;
    public int MemoryLine;
    public int SwapLine;
    public long TimestampUnixNano;

    /// <summary>Like the reference, the cpu and the memory sample both stamp the point; the later one in the text wins.</summary>
    public void SetCpu(double value, int line, long timestampUnixNano)
    {
        Cpu = value;
        CpuLine = line;
        TimestampUnixNano = timestampUnixNano;
    }

    public void SetMemory(double value, int line, long timestampUnixNano)
    {
        Memory = value;
        MemoryLine = line;
        TimestampUnixNano = timestampUnixNano;
    }

    public void SetSwap(double value, int line)
    {
        Swap = value;
        SwapLine = line;
    }

    /// <summary>
    /// Decides whether the point can be served: cpu and memory present, finite, not negative and non-zero after
    /// conversion (cpu <c>(ulong)(v*1e9)</c> and memory <c>(ulong)v</c>, truncating like Go).
    /// </summary>
    public readonly bool IsUsable(int firstLine, out ulong cpuNanoCoreSeconds, out ulong memoryBytes, out DropReason reason, out int line)
    {
        memoryBytes = 0;
        if (!IsUsableValue(Cpu, CpuLine, firstLine, 1e9, DropReason.MissingCpu, DropReason.ZeroCpu, out cpuNanoCoreSeconds, out reason, out line))
        {
            return false;
        }

        return IsUsableValue(Memory, MemoryLine, firstLine, 1.0, DropReason.MissingMemory, DropReason.ZeroMemory, out memoryBytes, out reason, out line);
    }

    /// <summary>The swap usage if a usable swap sample was read; otherwise why it is ignored (reason and line).</summary>
    public readonly bool TryGetSwap(out ulong swapBytes, out DropReason reason)
    {
        swapBytes = 0;
        reason = default;
        if (SwapLine == 0)
        {
            return false;
        }

        if (!double.IsFinite(Swap))
        {
            reason = DropReason.NotANumber;
            return false;
        }

        if (Swap < 0)
        {
            reason = DropReason.NegativeValue;
            return false;
        }

        swapBytes = (ulong)Swap;
        return true;
    }

    private static bool IsUsableValue(
        double value, int valueLine, int firstLine, double scale, DropReason missing, DropReason zero,
        out ulong converted, out DropReason reason, out int line)
    {
        converted = 0;
        line = valueLine;
        if (valueLine == 0)
        {
            line = firstLine;
            reason = missing;
            return false;
        }

        if (!double.IsFinite(value))
        {
            reason = DropReason.NotANumber;
            return false;
        }

        if (value < 0)
        {
            reason = DropReason.NegativeValue;
            return false;
        }

        converted = (ulong)(value * scale);
        reason = zero;
        return converted != 0;
    }
}
