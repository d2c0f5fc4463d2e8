using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using HdrHistogram;

namespace MetricsOperator.Benchmarks.Api;

/// <summary>
/// The server side of <c>api</c>'s latency: a middleware placed first in the child's pipeline (before authentication)
/// records, per request path, the time from the request's entry until its response has completed, and the garbage
/// collections over the same phase. <c>latency-reset</c> on the child's stdin starts a phase; <c>latency</c> prints
/// one <see cref="ServerPhaseLatency"/> line per path and <c>latency-end</c>.
/// </summary>
internal sealed class ServerLatencyRecorder
{
    public const string ResetCommand = "latency-reset";
    public const string ReportCommand = "latency";
    public const string ReportEnd = "latency-end";

    private readonly ConcurrentDictionary<string, LongHistogram> _byPath = new(StringComparer.Ordinal);
    private GcCounters _atReset = GcCounters.Now();

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        var histogram = _byPath.GetOrAdd(context.Request.Path.Value ?? string.Empty, static _ => ServerPhaseLatency.NewHistogram());
        // Completed means the last byte of the body has been handed to the connection, after every middleware's epilogue.
        context.Response.OnCompleted(static state =>
        {
            var (histogram, started) = ((LongHistogram, long))state;
            var micros = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            lock (histogram)
            {
                histogram.RecordValue(micros);
            }

            return Task.CompletedTask;
        }, (histogram, started));
        return next(context);
    }

    public void Reset()
    {
        foreach (var histogram in _byPath.Values)
        {
            lock (histogram)
            {
                histogram.Reset();
            }
        }

        _atReset = GcCounters.Now();
    }

    public IEnumerable<string> Report()
    {
        var gc = GcCounters.Now() - _atReset;
        foreach (var (path, histogram) in _byPath)
        {
            lock (histogram)
            {
                if (histogram.TotalCount > 0)
                {
                    yield return ServerPhaseLatency.From(path, histogram, gc).Format();
                }
            }
        }

        yield return ReportEnd;
    }
}

/// <summary>Collections per generation and the total pause time, as counted by the runtime since start.</summary>
internal readonly record struct GcCounters(int Gen0, int Gen1, int Gen2, TimeSpan Pause)
{
    public static GcCounters Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public static GcCounters operator -(GcCounters after, GcCounters before) =>
        new(after.Gen0 - before.Gen0, after.Gen1 - before.Gen1, after.Gen2 - before.Gen2, after.Pause - before.Pause);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Gen0}/{Gen1}/{Gen2} collections (gen0/1/2), {Pause.TotalMilliseconds:F1} ms paused");
}

/// <summary>One path's server-side latency over a phase, in microseconds, as one line of the child's stdout protocol.</summary>
internal sealed record ServerPhaseLatency(string Path, long Requests, long P50Micros, long P99Micros, long P999Micros, long MaxMicros, GcCounters Gc)
{
    private const string Prefix = "server-latency ";

    public static LongHistogram NewHistogram() => new((long)TimeSpan.FromMinutes(5).TotalMicroseconds, 3);

    public static ServerPhaseLatency From(string path, LongHistogram histogram, GcCounters gc) =>
        new(path, histogram.TotalCount, histogram.GetValueAtPercentile(50), histogram.GetValueAtPercentile(99), histogram.GetValueAtPercentile(99.9), histogram.GetMaxValue(), gc);

    public string Format() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Prefix}{Requests} {P50Micros} {P99Micros} {P999Micros} {MaxMicros} {Gc.Gen0} {Gc.Gen1} {Gc.Gen2} {(long)Gc.Pause.TotalMicroseconds} {Path}");

    public static ServerPhaseLatency Parse(string line)
    {
        var fields = line.StartsWith(Prefix, StringComparison.Ordinal) ? line[Prefix.Length..].Split(' ', 10) : [];
        if (fields.Length != 10)
        {
            throw new InvalidOperationException($"the API server answered '{line}' instead of a {Prefix.Trim()} line");
        }

        long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
        var gc = new GcCounters((int)Field(5), (int)Field(6), (int)Field(7), TimeSpan.FromMicroseconds(Field(8)));
        return new ServerPhaseLatency(fields[9], Field(0), Field(1), Field(2), Field(3), Field(4), gc);
    }
}
