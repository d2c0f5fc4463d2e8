using System.Runtime.CompilerServices;

namespace MetricsOperator.Scraping;

/// <summary>
/// Scrapes one node at a time with what it owns and reuses: the body buffer (whose array comes from the shared pool
/// for each body), the decoded payload, the decoder (whose tables belong to the decoding thread) and the timeout
/// source. A round runs at most one node per worker at any moment.
/// </summary>
internal sealed class ScrapeWorker : IDisposable
{
    private readonly KubeletClient _client;
    private readonly IPayloadDecoder _decoder;
    private readonly TimeProvider _time;
    private readonly ResponseBuffer _buffer = new();
    private CancellationTokenSource? _timeoutSource;

    public ScrapeWorker(KubeletClient client, IPayloadDecoder decoder, TimeProvider time)
    {
        _client = client;
        _decoder = decoder;
        _time = time;
    }

    /// <summary>The last successful scrape's data; valid until the next <see cref="ScrapeAsync"/>.</summary>
    public DecodedPayload Payload { get; } = new();

    /// <summary>
    /// Fetches and decodes one node. Never throws for kubelet trouble; only <paramref name="stoppingToken"/>
    /// cancellation propagates. <paramref name="roundToken"/> is the round deadline (and includes stopping).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<NodeScrapeResult> ScrapeAsync(
        KubeletTarget target, ScrapeSettings settings, CancellationToken roundToken, CancellationToken stoppingToken)
    {
        var timeout = settings.EffectiveTimeout;
        var requestTime = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        var timeoutSource = RentTimeoutSource(timeout);
        ScrapeFailure? failure;
        try
        {
            using (roundToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), timeoutSource))
            {
                failure = await _client.FetchAsync(target, _buffer, settings.MaxResponseBytes, timeoutSource.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            failure = roundToken.IsCancellationRequested
                ? new ScrapeFailure(ScrapeFailureKind.RoundDeadline, "round deadline reached before the kubelet answered")
                : new ScrapeFailure(ScrapeFailureKind.Timeout, "timeout after " + GoDuration.Format(timeout));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failure = new ScrapeFailure(ScrapeFailureKind.Connection, "unexpected error: " + e.Message);
        }
        finally
        {
            ReturnTimeoutSource(timeoutSource);
        }

        failure ??= Decode(RequestTimeUnixNano(requestTime));
        var payloadBytes = _buffer.Length;
        _buffer.Clear();
        return new NodeScrapeResult(failure, requestTime, _time.GetElapsedTime(started), payloadBytes);
    }

    public void Dispose()
    {
        _buffer.Dispose();
        _timeoutSource?.Dispose();
    }

    private ScrapeFailure? Decode(long defaultTimestampUnixNano)
    {
        try
        {
            return _decoder.TryDecode(_buffer.Span, defaultTimestampUnixNano, Payload, out var error)
                ? null
                : new ScrapeFailure(ScrapeFailureKind.InvalidPayload, "invalid payload: " + error);
        }
        catch (Exception e)
        {
            // A decoder bug must cost this node's data, never the round.
            return new ScrapeFailure(ScrapeFailureKind.InvalidPayload, "decoding failed: " + e.Message);
        }
    }

    // Reused while it never fired; a fired source cannot be reset and is replaced (see ReturnTimeoutSource).
    private CancellationTokenSource RentTimeoutSource(TimeSpan timeout)
    {
        var source = _timeoutSource;
        _timeoutSource = null;
        if (source is not null)
        {
            source.CancelAfter(timeout);
            return source;
        }

        return new CancellationTokenSource(timeout, _time);
    }

    // Disarmed on return: an armed one would fire a timeout's length later, between rounds, only to be replaced at
    // the next rent (64 timer callbacks, cancellations and new sources per round, on an otherwise idle process).
    private void ReturnTimeoutSource(CancellationTokenSource source)
    {
        if (source.TryReset())
        {
            _timeoutSource = source;
        }
        else
        {
            source.Dispose();
        }
    }

    private static long RequestTimeUnixNano(DateTimeOffset requestTime) =>
        (requestTime.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * TimeSpan.NanosecondsPerTick;
}
