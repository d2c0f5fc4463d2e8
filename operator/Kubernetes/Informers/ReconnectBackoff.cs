namespace MetricsOperator.Kubernetes.Informers;

/// <summary>
/// Delays between failed attempts: <c>initial · 2^(n-1)</c> capped at <c>max</c>, each shortened by a random
/// fraction of up to <c>jitter</c>, so delays never exceed the cap and replicas spread out.
/// <see cref="Reset"/> after progress starts over.
/// </summary>
internal sealed class ReconnectBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly double _jitter;
    private readonly Random _random;

    public ReconnectBackoff(TimeSpan initial, TimeSpan max, double jitter, Random random)
    {
        _initial = initial;
        _max = max;
        _jitter = jitter;
        _random = random;
    }

    /// <summary>Consecutive failures since the last <see cref="Reset"/>.</summary>
    public int Failures { get; private set; }

    /// <summary>Records a failure and returns how long to wait before the next attempt.</summary>
    public TimeSpan Next()
    {
        Failures++;
        return Jittered(Failures);
    }

    /// <summary>
    /// Records an expired resourceVersion. Relisting at once is the normal recovery, so the first one after
    /// progress costs no delay; repeated ones back off like other failures.
    /// </summary>
    public TimeSpan NextAfterExpiry()
    {
        var delay = Failures == 0 ? TimeSpan.Zero : Jittered(Failures);
        Failures++;
        return delay;
    }

    public void Reset() => Failures = 0;

    /// <summary>The un-jittered delay after <paramref name="failures"/> consecutive failures.</summary>
    public TimeSpan Ceiling(int failures)
    {
        var exponent = Math.Min(failures - 1, 30);
        var ticks = Math.Min(_max.Ticks, _initial.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)ticks);
    }

    private TimeSpan Jittered(int failures) =>
        TimeSpan.FromTicks((long)(Ceiling(failures).Ticks * (1 - (_jitter * _random.NextDouble()))));
}
