using System.Net.Security;
using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;

namespace MetricsOperator.KubeletFarm;

/// <summary>
/// One node's TLS server settings, built on the first handshake and shared by later ones (building the certificate
/// context costs about half a millisecond, which adds up over thousands of nodes). The certificate can be swapped at
/// run time, as a kubelet rotating its serving certificate would: new connections get the new one.
/// </summary>
internal sealed class NodeTlsOptions
{
    /// <summary>
    /// The TLS 1.3 suites in the order a kubelet's Go TLS stack picks them on CPUs with AES instructions
    /// (crypto/tls chooses by its own preference: AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305). Left to OpenSSL's
    /// default, the farm follows a .NET client's first choice, AES-256-GCM, which no real kubelet negotiates (see
    /// <see cref="KubeletFarmOptions.GoTls13CipherOrder"/> for the price). Null on Windows, where SChannel takes no policy.
    /// </summary>
    public static readonly CipherSuitesPolicy? GoTls13Preference = OperatingSystem.IsWindows() ? null : CreateGoTls13Preference();

    private readonly Lock _gate = new();
    private readonly bool _requestClientCertificate;
    private readonly bool _offerHttp2;
    private readonly bool _goCipherOrder;
    private X509Certificate2 _certificate;
    private SslServerAuthenticationOptions? _options;

    public NodeTlsOptions(X509Certificate2 certificate, bool requestClientCertificate, bool offerHttp2, bool goCipherOrder)
    {
        _certificate = certificate;
        _requestClientCertificate = requestClientCertificate;
        _offerHttp2 = offerHttp2;
        _goCipherOrder = goCipherOrder;
    }

    public X509Certificate2 Certificate => Volatile.Read(ref _certificate);

    public SslServerAuthenticationOptions ServerOptions => Volatile.Read(ref _options) ?? Build();

    public void Replace(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException($"serving certificate {certificate.Subject} has no private key", nameof(certificate));
        }

        lock (_gate)
        {
            Volatile.Write(ref _certificate, certificate);
            Volatile.Write(ref _options, null);
        }
    }

    [UnsupportedOSPlatform("windows")]
    private static CipherSuitesPolicy CreateGoTls13Preference() => new(
    [
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
    ]);

    private SslServerAuthenticationOptions Build()
    {
        lock (_gate)
        {
            return _options ??= new SslServerAuthenticationOptions
            {
                ServerCertificateContext = SslStreamCertificateContext.Create(_certificate, additionalCertificates: null, offline: true),
                ClientCertificateRequired = _requestClientCertificate,
                CipherSuitesPolicy = _goCipherOrder ? GoTls13Preference : null,
                // Like the kubelet, the TLS layer accepts any client certificate; authentication judges it per request.
                RemoteCertificateValidationCallback = static (_, _, _, _) => true,
                ApplicationProtocols = _offerHttp2
                    ? [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11]
                    : [SslApplicationProtocol.Http11],
            };
        }
    }
}
