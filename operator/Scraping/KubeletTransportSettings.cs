namespace MetricsOperator.Scraping;

/// <summary>
/// The part of <see cref="ScrapeSettings"/> baked into the HTTP handler; when it changes, the handler (and its
/// pooled connections) is rebuilt. Everything else in the settings applies per request.
/// </summary>
internal sealed record KubeletTransportSettings(
    string? CaBundlePem,
    bool InsecureSkipTlsVerify,
    bool RequestGzip,
    TimeSpan ConnectTimeout,
    TimeSpan PooledConnectionIdleTimeout)
{
    public static KubeletTransportSettings From(ScrapeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);

        // Connections are used once per resolution; idling out sooner would re-handshake every round.
        return new KubeletTransportSettings(
            settings.KubeletCaBundlePem,
            settings.InsecureSkipKubeletTlsVerify,
            settings.RequestGzip,
            settings.EffectiveTimeout,
            settings.Resolution * 3);
    }
}
