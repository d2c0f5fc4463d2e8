using System.Net.Security;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricsOperator.Scraping;

/// <summary>One generation of the kubelet transport (connections, TLS trust, gzip), built for one <see cref="KubeletTransportSettings"/>.</summary>
internal sealed class KubeletTransport : IDisposable
{
    private KubeletTransport(KubeletTransportSettings settings, IKubeletFetcher? fetcher, ScrapeFailure? setupFailure, bool connectsHostNames)
    {
        Settings = settings;
        ConnectsHostNames = connectsHostNames;
        Fetcher = fetcher;
        SetupFailure = setupFailure;
    }

    public KubeletTransportSettings Settings { get; }

    /// <summary>Null when the transport could not be set up; see <see cref="SetupFailure"/>.</summary>
    public IKubeletFetcher? Fetcher { get; }

    /// <summary>True when the transport connects <see cref="KubeletHostName"/> hosts itself, so targets are requested by <see cref="KubeletTarget.NamedUri"/>.</summary>
    public bool ConnectsHostNames { get; }

    /// <summary>Why no request can be sent with these settings (for example an invalid CA bundle).</summary>
    public ScrapeFailure? SetupFailure { get; }

    public static KubeletTransport Create(KubeletTransportSettings settings, KubeletCredentials credentials) =>
        Create(settings, credentials, new OpenSslIdleBuffers(NullLogger.Instance));

    /// <summary>A transport whose TLS connections free their OpenSSL buffers while idle (see <see cref="OpenSslIdleBuffers"/>).</summary>
    /// <param name="established">Sees each new connection's TLS stream (tests inspect it).</param>
    public static KubeletTransport Create(
        KubeletTransportSettings settings, KubeletCredentials credentials, OpenSslIdleBuffers? idleBuffers, Action<SslStream>? established = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            var connections = new KubeletConnectionFactory(settings, credentials, idleBuffers, established);
            var pool = new KubeletConnectionPool(connections.ConnectAsync, settings.PooledConnectionIdleTimeout, TimeProvider.System);
            return new KubeletTransport(settings, new KubeletHttpFetcher(pool, connections.Validator, settings.RequestGzip), null, connectsHostNames: true);
        }
        catch (KubeletSetupException e)
        {
            return new KubeletTransport(settings, null, new ScrapeFailure(ScrapeFailureKind.Setup, e.Message), connectsHostNames: false);
        }
    }

    /// <summary>A transport over a given handler (tests use an in-memory kubelet).</summary>
    public static KubeletTransport ForHandler(KubeletTransportSettings settings, HttpMessageHandler handler) =>
        new(settings, new HttpMessageHandlerFetcher(handler), null, connectsHostNames: false);

    public void Dispose() => Fetcher?.Dispose();
}
