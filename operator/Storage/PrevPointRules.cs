namespace MetricsOperator.Storage;

/// <summary>
/// Which earlier point a new sample is measured against (metrics-server <c>pkg/storage</c> node and pod Store).
/// A sample without a usable previous point is kept as <c>last</c> but is not servable until the next scrape.
/// </summary>
internal static class PrevPointRules
{
    /// <summary>A container younger than this at its sample gives too noisy a rate to be measured from its start.</summary>
    public const long FreshContainerMinimumAgeNanoseconds = 10_000_000_000;

    /// <summary>
    /// The node rules, also used by containers that did not restart: a newer sample moves the stored last to prev;
    /// a sample between prev and last keeps prev; anything else (a repeated or older sample) leaves no prev.
    /// </summary>
    public static bool TryCarry(in SeriesState stored, long newTimestampUnixNano, out CumulativePoint prev)
    {
        if (newTimestampUnixNano > stored.Last.TimestampUnixNano)
        {
            prev = stored.Last;
            return true;
        }

        if (stored.HasPrev && stored.Prev.TimestampUnixNano < newTimestampUnixNano)
        {
            prev = stored.Prev;
            return true;
        }

        prev = default;
        return false;
    }

    /// <summary>
    /// The container rules: a fresh container (started at least 10 s and less than one resolution before its sample)
    /// is measured from its start with zero cpu; otherwise a container that was stored and has not restarted since
    /// (its start is before the stored sample) follows the node rules; a new or restarted container has no prev.
    /// </summary>
    public static bool TrySelectForContainer(
        in CumulativePoint sample, bool wasStored, in SeriesState stored, long resolutionNanoseconds, out CumulativePoint prev)
    {
        if (IsFresh(sample, resolutionNanoseconds))
        {
            prev = new CumulativePoint(sample.StartUnixNano, sample.StartUnixNano, 0);
            return true;
        }

        if (wasStored && sample.StartUnixNano < stored.Last.TimestampUnixNano)
        {
            return TryCarry(stored, sample.TimestampUnixNano, out prev);
        }

        prev = default;
        return false;
    }

    private static bool IsFresh(in CumulativePoint sample, long resolutionNanoseconds)
    {
        if (sample.StartUnixNano >= sample.TimestampUnixNano)
        {
            return false;
        }

        var age = SaturatingDifference(sample.TimestampUnixNano, sample.StartUnixNano);
        return age >= FreshContainerMinimumAgeNanoseconds && age < resolutionNanoseconds;
    }

    /// <summary>a − b clamped to the long range, like Go's <c>Time.Sub</c> (a missing start is far in the past).</summary>
    private static long SaturatingDifference(long a, long b) =>
        (long)Int128.Clamp((Int128)a - b, long.MinValue, long.MaxValue);
}
