namespace MetricsOperator.Scraping;

/// <summary>The production <see cref="IPayloadDecoder"/>: the Prometheus text decoder, one per worker.</summary>
internal sealed class KubeletPayloadDecoderAdapter : IPayloadDecoder
{
    private readonly KubeletPayloadDecoder _decoder = new();

    /// <summary>For <see cref="ScrapeRound"/>: a new decoder for each worker.</summary>
    public static Func<IPayloadDecoder> Factory { get; } = static () => new KubeletPayloadDecoderAdapter();

    public bool TryDecode(ReadOnlySpan<byte> payload, long defaultTimestampUnixNano, DecodedPayload into, out PayloadDecodeError error) =>
        _decoder.TryDecode(payload, defaultTimestampUnixNano, into, out error);
}
