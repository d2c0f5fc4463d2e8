using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace MetricsOperator.KubeletFarm;

/// <summary>
/// One node's TLS server settings, built on the first handshake and shared by all later ones: building the
/// certificate context costs about half a millisecond, which adds up over thousands of nodes at start-up.
/// </summary>
internal sealed class NodeTlsOptions
{
    private readonly Lazy<SslServerAuthenticationOptions> _options;

    public NodeTlsOptions(X509Certificate2 certificate, bool requestClientCertificate, bool offerHttp2)
    {
        Certificate = certificate;
        _options = new Lazy<SslServerAuthenticationOptions>(() => new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true),
            ClientCertificateRequired = requestClientCertificate,
            // Like the kubelet, the TLS layer accepts any client certificate; authentication judges it per request.
            RemoteCertificateValidationCallback = static (_, _, _, _) => true,
            ApplicationProtocols = offerHttp2
                ? [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11]
                : [SslApplicationProtocol.Http11],
        });
    }

    public X509Certificate2 Certificate { get; }

    public SslServerAuthenticationOptions ServerOptions => _options.Value;
}
