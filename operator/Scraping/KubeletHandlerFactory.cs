using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MetricsOperator.Scraping;

/// <summary>Builds the one <see cref="SocketsHttpHandler"/> shared by all kubelet requests.</summary>
internal static class KubeletHandlerFactory
{
    /// <summary>The handler and the validator whose rejection reasons explain TLS failures (null in insecure mode).</summary>
    public static (SocketsHttpHandler Handler, KubeletCertificateValidator? Validator) Create(
        KubeletTransportSettings transport, KubeletCredentials credentials, OpenSslIdleBuffers? idleBuffers = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(credentials);

        var handler = new SocketsHttpHandler
        {
            // One kept-alive connection per kubelet, reused round after round: handshakes are the costly part.
            MaxConnectionsPerServer = 1,
            PooledConnectionIdleTimeout = transport.PooledConnectionIdleTimeout,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectTimeout = transport.ConnectTimeout,
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = transport.RequestGzip ? DecompressionMethods.GZip : DecompressionMethods.None,

            // No trace headers to kubelets: nothing reads them and they cost an allocation per request.
            ActivityHeadersPropagator = null,

            // Kubelets addressed by IP are requested under a KubeletHostName, which this connects to the IP.
            ConnectCallback = KubeletConnector.ConnectAsync,
        };

        if (idleBuffers is not null)
        {
            // Called once per new connection with the established TLS stream (an SslStream for https).
            handler.PlaintextStreamFilter = (context, _) => ValueTask.FromResult(idleBuffers.Apply(context.PlaintextStream));
        }

        if (credentials.ClientCertificate is { } clientCertificate)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        handler.SslOptions.CertificateRevocationCheckMode = X509RevocationMode.NoCheck;
        if (transport.InsecureSkipTlsVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
            return (handler, null);
        }

        var validator = new KubeletCertificateValidator(TrustedRoots(transport, credentials));
        handler.SslOptions.RemoteCertificateValidationCallback = validator.Validate;
        return (handler, validator);
    }

    /// <summary>The configured bundle, else the cluster CA, else null (the system store).</summary>
    /// <exception cref="KubeletSetupException">The configured bundle holds no certificate or is not PEM.</exception>
    public static X509Certificate2Collection? TrustedRoots(KubeletTransportSettings transport, KubeletCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(credentials);
        if (transport.CaBundlePem is { } pem)
        {
            return ParseBundle(pem);
        }

        return credentials.ClusterCa.Count > 0 ? credentials.ClusterCa : null;
    }

    public static X509Certificate2Collection ParseBundle(string pem)
    {
        var bundle = new X509Certificate2Collection();
        try
        {
            bundle.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new KubeletSetupException($"kubelet CA bundle is not valid PEM: {e.Message}", e);
        }

        return bundle.Count > 0 ? bundle : throw new KubeletSetupException("kubelet CA bundle contains no certificate");
    }
}
