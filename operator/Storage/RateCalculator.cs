namespace MetricsOperator.Storage;

/// <summary>
/// The usage served for a last/prev pair (metrics-server <c>resourceUsage</c>): cpu is the cumulative difference over
/// the window between the two kubelet timestamps, computed in doubles exactly as the reference does.
/// </summary>
internal static class RateCalculator
{
    private const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>The usage of a node or container series; false when it has no prev or its rate is invalid.</summary>
    public static bool TryComputeUsage(in SeriesState state, out ResourceUsage usage, out MeasurementWindow measured)
    {
        if (!state.HasPrev || !TryComputeCpu(state.Last, state.Prev, out var nanoCores, out var window))
        {
            usage = default;
            measured = default;
            return false;
        }

        usage = new ResourceUsage(nanoCores, state.MemoryBytes, state.SwapBytes, state.HasSwap);
        measured = new MeasurementWindow(state.Last.TimestampUnixNano, window);
        return true;
    }

    /// <summary>
    /// False when the pair cannot give a rate: the start time moved back, the cumulative cpu went down, or the
    /// window is not positive (which the prev rules never produce, but a rate must never divide by it).
    /// </summary>
    public static bool TryComputeCpu(in CumulativePoint last, in CumulativePoint prev, out ulong nanoCores, out long windowNanoseconds)
    {
        windowNanoseconds = last.TimestampUnixNano - prev.TimestampUnixNano;
        if (last.StartUnixNano < prev.StartUnixNano
            || last.CpuNanoCoreSeconds < prev.CpuNanoCoreSeconds
            || last.TimestampUnixNano <= prev.TimestampUnixNano)
        {
            nanoCores = 0;
            windowNanoseconds = 0;
            return false;
        }

        // Go: float64(last.cpu - prev.cpu) / window.Seconds(), then uint64(...) truncates.
        var used = (double)(last.CpuNanoCoreSeconds - prev.CpuNanoCoreSeconds);
        nanoCores = (ulong)(used / GoSeconds(windowNanoseconds));
        return true;
    }

    /// <summary>Go's <c>Duration.Seconds()</c>: whole seconds plus the fraction, each converted separately.</summary>
    private static double GoSeconds(long nanoseconds)
    {
        var seconds = nanoseconds / NanosecondsPerSecond;
        var fraction = nanoseconds % NanosecondsPerSecond;
        return seconds + (fraction / 1e9);
    }
}
