using System.Diagnostics;
using HdrHistogram;

namespace MetricsOperator.Benchmarks.Api;

/// <summary>What one open-loop run measured: latency from each request's scheduled send time, in microseconds.</summary>
/// <see cref="LateP99Micros"/> is how late the sender itself started requests (its timer and thread pool), included in the latency.
internal sealed record LoadResult(int Requests, int Failures, long P50Micros, long P99Micros, long P999Micros, long MaxMicros, long LastBodyBytes, long LateP99Micros, long LateMaxMicros);

/// <summary>
/// Open-loop load: request i is due at start + i / rate whether or not earlier ones have answered, and its latency
/// counts from that due time, so a stalled server shows up in the percentiles instead of slowing the senders
/// (no coordinated omission). The sends are paced by a dedicated thread, not by <c>Task.Delay</c>: a timer
/// continuation waits for a thread-pool thread (busy with the responses, on two shared cores) and about 1% of the
/// sends left 3-12 ms late, which showed up as the client's p99 while the server's p99 was under 1 ms.
/// </summary>
internal static class OpenLoopLoad
{
    public static async Task<LoadResult> RunAsync(HttpClient client, string path, string accept, double rate, TimeSpan duration, CancellationToken cancellationToken)
    {
        var histogram = new LongHistogram(TimeSpan.FromMinutes(5).Ticks / 10, 3);
        var lateness = new LongHistogram(TimeSpan.FromMinutes(5).Ticks / 10, 3);
        var requests = (int)(rate * duration.TotalSeconds);
        var ticksPerRequest = Stopwatch.Frequency / rate;
        var pending = new List<Task>(requests);
        var failures = 0;
        long lastBody = 0;
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(SendAll) { IsBackground = true, Name = "open-loop sender" }.Start();
        await sent.Task;
        await Task.WhenAll(pending);
        cancellationToken.ThrowIfCancellationRequested();
        return new LoadResult(
            requests,
            failures,
            histogram.GetValueAtPercentile(50),
            histogram.GetValueAtPercentile(99),
            histogram.GetValueAtPercentile(99.9),
            histogram.GetMaxValue(),
            Interlocked.Read(ref lastBody),
            lateness.GetValueAtPercentile(99),
            lateness.GetMaxValue());

        void SendAll()
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < requests && !cancellationToken.IsCancellationRequested; i++)
            {
                var due = start + (long)(i * ticksPerRequest);
                WaitUntil(due);
                lateness.RecordValue(Math.Max((long)Stopwatch.GetElapsedTime(due).TotalMicroseconds, 0));
                pending.Add(SendAsync(due));
            }

            sent.SetResult();
        }

        async Task SendAsync(long due)
        {
            // A message built here does not take the client's default version (only its Get/Send helpers' do):
            // without these lines every request went out as HTTP/1.1, not as the aggregator's HTTP/2.
            using var request = new HttpRequestMessage(HttpMethod.Get, path)
            {
                Version = client.DefaultRequestVersion,
                VersionPolicy = client.DefaultVersionPolicy,
            };
            request.Headers.TryAddWithoutValidation("Accept", accept);
            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                Interlocked.Exchange(ref lastBody, body.Length);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref failures);
            }

            var micros = (long)Stopwatch.GetElapsedTime(due).TotalMicroseconds;
            lock (histogram)
            {
                histogram.RecordValue(Math.Max(micros, 0));
            }
        }
    }

    /// <summary>
    /// Sleeps the whole milliseconds (the resolution of <see cref="Thread.Sleep(int)"/>), then yields through the rest,
    /// so a send starts within a few microseconds of its due time for at most 1 ms of yielding per request.
    /// </summary>
    private static void WaitUntil(long due)
    {
        var wholeMilliseconds = (int)Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due).TotalMilliseconds;
        if (wholeMilliseconds > 0)
        {
            Thread.Sleep(wholeMilliseconds);
        }

        while (Stopwatch.GetTimestamp() < due)
        {
            Thread.Yield();
        }
    }
}
