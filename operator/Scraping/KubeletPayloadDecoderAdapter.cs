namespace MetricsOperator.Scraping;

/// <summary>
/// The production <see cref="IPayloadDecoder"/>: the Prometheus text decoder. Its scratch tables belong to the thread
/// that decodes, not to the worker: a decode runs start to end on one thread without awaiting, and a thread decodes
/// payload after payload, so the tables are still in its cache (one per worker meant 64 sets, each cold by its turn).
/// </summary>
internal sealed class KubeletPayloadDecoderAdapter : IPayloadDecoder
{
    [ThreadStatic]
    private static KubeletPayloadDecoder? _threadDecoder;

    /// <summary>For <see cref="ScrapeRound"/>: a decoder for each worker (they share the thread's tables).</summary>
    public static Func<IPayloadDecoder> Factory { get; } = static () => new KubeletPayloadDecoderAdapter();

    public bool TryDecode(ReadOnlySpan<byte> payload, long defaultTimestampUnixNano, DecodedPayload into, out PayloadDecodeError error) =>
        (_threadDecoder ??= new KubeletPayloadDecoder()).TryDecode(payload, defaultTimestampUnixNano, into, out error);
}
