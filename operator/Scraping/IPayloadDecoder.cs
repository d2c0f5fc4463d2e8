namespace MetricsOperator.Scraping;

/// <summary>
/// Decodes one kubelet body into a reusable <see cref="DecodedPayload"/>. Each scrape worker owns one instance,
/// so implementations need not be thread-safe.
/// </summary>
internal interface IPayloadDecoder
{
    /// <param name="defaultTimestampUnixNano">Timestamp for samples without one: when the request started.</param>
    bool TryDecode(ReadOnlySpan<byte> payload, long defaultTimestampUnixNano, DecodedPayload into, out PayloadDecodeError error);
}
