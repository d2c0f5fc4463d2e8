using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// The Kestrel side of client-certificate authentication: ask every client for a certificate at the handshake
/// (allowed, not required, so bearer tokens and anonymous probes still connect), and let
/// <see cref="ClientCertificateHandshakeValidator"/> decide whether the handshake may complete. The certificate is
/// requested in the initial handshake, so it is available to HTTP/2 requests (no renegotiation).
/// </summary>
internal static class KubernetesClientCertificateTls
{
    /// <summary>For <c>ListenOptions.UseHttps(https =&gt; …)</c>; <paramref name="services"/> is Kestrel's ApplicationServices.</summary>
    public static HttpsConnectionAdapterOptions UseKubernetesClientCertificates(this HttpsConnectionAdapterOptions options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validator = ValidatorFrom(services);
        options.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
        options.ClientCertificateValidation = (certificate, _, _) => validator.Accepts(certificate);
        return options;
    }

    /// <summary>For a TLS handshake callback (e.g. a certificate selector returning <see cref="SslServerAuthenticationOptions"/>).</summary>
    public static SslServerAuthenticationOptions UseKubernetesClientCertificates(this SslServerAuthenticationOptions options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validator = ValidatorFrom(services);
        options.ClientCertificateRequired = true;
        options.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate switch
        {
            null => true,
            X509Certificate2 certificate2 => validator.Accepts(certificate2),
            _ => validator.Accepts(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData())),
        };
        return options;
    }

    private static ClientCertificateHandshakeValidator ValidatorFrom(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetService<ClientCertificateHandshakeValidator>()
            ?? throw new InvalidOperationException("client certificates need AddKubernetesAuthentication(...) in the service collection first");
    }
}
