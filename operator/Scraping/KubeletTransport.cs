using Microsoft.Extensions.Logging.Abstractions;

namespace MetricsOperator.Scraping;

/// <summary>One generation of the shared HTTP handler, built for one <see cref="KubeletTransportSettings"/>.</summary>
internal sealed class KubeletTransport : IDisposable
{
    private KubeletTransport(
        KubeletTransportSettings settings, HttpMessageInvoker? invoker, KubeletCertificateValidator? validator, ScrapeFailure? setupFailure, bool connectsHostNames)
    {
        Settings = settings;
        ConnectsHostNames = connectsHostNames;
        Invoker = invoker;
        Validator = validator;
        SetupFailure = setupFailure;
    }

    public KubeletTransportSettings Settings { get; }

    /// <summary>Null when the transport could not be set up; see <see cref="SetupFailure"/>.</summary>
    public HttpMessageInvoker? Invoker { get; }

    public KubeletCertificateValidator? Validator { get; }

    /// <summary>True when the handler connects <see cref="KubeletHostName"/> hosts itself, so targets are requested by <see cref="KubeletTarget.NamedUri"/>.</summary>
    public bool ConnectsHostNames { get; }

    /// <summary>Why no request can be sent with these settings (for example an invalid CA bundle).</summary>
    public ScrapeFailure? SetupFailure { get; }

    public static KubeletTransport Create(KubeletTransportSettings settings, KubeletCredentials credentials) =>
        Create(settings, credentials, new OpenSslIdleBuffers(NullLogger.Instance));

    /// <summary>A transport whose TLS connections free their OpenSSL buffers while idle (see <see cref="OpenSslIdleBuffers"/>).</summary>
    public static KubeletTransport Create(KubeletTransportSettings settings, KubeletCredentials credentials, OpenSslIdleBuffers idleBuffers)
    {
        try
        {
            var (handler, validator) = KubeletHandlerFactory.Create(settings, credentials, idleBuffers);
            return new KubeletTransport(settings, new HttpMessageInvoker(handler, disposeHandler: true), validator, null, connectsHostNames: true);
        }
        catch (KubeletSetupException e)
        {
            return new KubeletTransport(settings, null, null, new ScrapeFailure(ScrapeFailureKind.Setup, e.Message), connectsHostNames: false);
        }
    }

    /// <summary>A transport over a given handler (tests use an in-memory kubelet).</summary>
    public static KubeletTransport ForHandler(KubeletTransportSettings settings, HttpMessageHandler handler) =>
        new(settings, new HttpMessageInvoker(handler, disposeHandler: true), null, null, connectsHostNames: false);

    public void Dispose() => Invoker?.Dispose();
}
