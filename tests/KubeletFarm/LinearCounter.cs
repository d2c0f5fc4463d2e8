using System.Runtime.InteropServices;

namespace MetricsOperator.KubeletFarm;

/// <summary>
/// A cumulative counter that grows at a constant rate from an anchor: value(t) = anchor value + rate × (t − anchor time).
/// Because it is a pure function of the sample time, the rate between any two samples is known exactly in advance.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct LinearCounter(long AnchorUnixMs, long AnchorValue, long RatePerSecond)
{
    /// <summary>The counter at <paramref name="unixMs"/>; it does not move before its anchor.</summary>
    public long ValueAt(long unixMs)
    {
        if (unixMs <= AnchorUnixMs)
        {
            return AnchorValue;
        }

        var elapsed = unixMs - AnchorUnixMs;
        // Split into whole seconds and the rest so rate × elapsed cannot overflow for any realistic age.
        return AnchorValue + (RatePerSecond * (elapsed / 1000)) + (RatePerSecond * (elapsed % 1000) / 1000);
    }

    /// <summary>The same counter continuing at a new rate from <paramref name="unixMs"/> on (no jump in value).</summary>
    public LinearCounter WithRate(long unixMs, long ratePerSecond) =>
        new(Math.Max(unixMs, AnchorUnixMs), ValueAt(unixMs), ratePerSecond);
}
