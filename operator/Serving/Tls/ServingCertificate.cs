using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MetricsOperator.Serving.Tls;

/// <summary>Where the served certificate came from.</summary>
internal enum ServingCertificateOrigin
{
    /// <summary>Generated at start because nothing else was configured; final, not a stand-in.</summary>
    SelfSigned,

    /// <summary>Generated at start to stand in until the configured files or Secret deliver a certificate.</summary>
    Bootstrap,

    Files,

    Secret,
}

/// <summary>
/// One serving certificate (with its private key) and the CA certificates that issued it (ca.crt), as served
/// together. Immutable: a rotation replaces the whole object.
/// </summary>
internal sealed class ServingCertificate(X509Certificate2 certificate, X509Certificate2Collection caCertificates, ServingCertificateOrigin origin)
{
    public X509Certificate2 Certificate { get; } = certificate;

    public X509Certificate2Collection CaCertificates { get; } = caCertificates;

    public ServingCertificateOrigin Origin { get; } = origin;

    public bool IsBootstrap => Origin == ServingCertificateOrigin.Bootstrap;

    /// <summary>
    /// PEM of what a client must trust to verify this certificate (e.g. for an APIService's caBundle): ca.crt, or
    /// the certificate itself when it is self-signed; null when a loaded certificate came without ca.crt.
    /// </summary>
    public string? CaBundlePem
    {
        get
        {
            if (CaCertificates.Count == 0)
            {
                return Origin is ServingCertificateOrigin.SelfSigned or ServingCertificateOrigin.Bootstrap ? Certificate.ExportCertificatePem() : null;
            }

            var pem = new StringBuilder();
            foreach (var ca in CaCertificates)
            {
                pem.Append(ca.ExportCertificatePem()).Append('\n');
            }

            return pem.ToString();
        }
    }
}
