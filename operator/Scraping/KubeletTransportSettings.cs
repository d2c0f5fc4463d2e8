namespace MetricsOperator.Scraping;

/// <summary>
/// The part of <see cref="ScrapeSettings"/> baked into the kubelet transport; when it changes, the transport (and
/// its pooled connections) is rebuilt. Everything else in the settings applies per request.
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
    /// Connections are used once per resolution, so idling out sooner would re-handshake every round. The connection
    /// pool sweeps its idle connections at most each quarter of this timeout (a timestamp check per connection, no
    /// socket call); SocketsHttpHandler, used before, armed a zero-byte read on each idle connection at every such
    /// visit, which is why the timeout is this long. A connection to a removed node closes after 10-13 minutes (or
    /// 8-10 resolutions, if longer).
    /// </summary>
    public static TimeSpan IdleTimeoutFor(TimeSpan resolution)
    {
        var timeout = resolution * 8;
        return timeout > MinimumIdleTimeout ? timeout : MinimumIdleTimeout;
    }
}
