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

    /// <summary>The shortest idle timeout of pooled kubelet connections; see <see cref="IdleTimeoutFor"/>.</summary>
    public static readonly TimeSpan MinimumIdleTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Connections are used once per resolution, so idling out sooner would re-handshake every round. The handler
    /// also visits every pooled connection each quarter of this timeout, arming a zero-byte read on each idle one (a
    /// socket call per connection): at 1,000 nodes a visit took ~4-7 ms of CPU once compiled, and more in the first
    /// minutes while that code is still being tiered up. So at 15 s it comes every 10 rounds (2.5 minutes) rather
    /// than every other one; the price is that a connection to a removed node closes only after 10-13 minutes (or
    /// 8-10 resolutions, if longer).
    /// </summary>
    public static TimeSpan IdleTimeoutFor(TimeSpan resolution)
    {
        var timeout = resolution * 8;
        return timeout > MinimumIdleTimeout ? timeout : MinimumIdleTimeout;
    }
}
