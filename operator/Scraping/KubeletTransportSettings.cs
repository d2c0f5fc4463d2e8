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

        return new KubeletTransportSettings(
            settings.KubeletCaBundlePem,
            settings.InsecureSkipKubeletTlsVerify,
            settings.RequestGzip,
            settings.EffectiveTimeout,
            IdleTimeoutFor(settings.Resolution));
    }

    /// <summary>
    /// Connections are used once per resolution, so idling out sooner would re-handshake every round. The handler
    /// also visits every pooled connection each quarter of this timeout (arming a read on each idle one), so at
    /// 8 resolutions that happens every other round rather than more than once per round, while a connection to a
    /// removed node still closes within a couple of minutes.
    /// </summary>
    public static TimeSpan IdleTimeoutFor(TimeSpan resolution) => resolution * 8;
}
