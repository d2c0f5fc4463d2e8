namespace MetricsOperator.Storage;

/// <summary>Reads a <see cref="TimeProvider"/> in the unit kubelet timestamps are stored in: nanoseconds since the Unix epoch.</summary>
internal static class UnixClock
{
    public static long NowUnixNano(TimeProvider time) =>
        (time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * TimeSpan.NanosecondsPerTick;
}
