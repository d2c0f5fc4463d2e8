using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MetricsOperator.Certificates;

/// <summary>
/// A certificate and its ECDSA private key as stored in a Secret (PEM), with the parsed certificate. Holds no key
/// object: the key is loaded only while signing, so nothing here needs disposing.
/// </summary>
internal sealed class KeyedCertificate
{
    private KeyedCertificate(X509Certificate2 certificate, string certificatePem, string privateKeyPem)
    {
        Certificate = certificate;
        CertificatePem = certificatePem;
        PrivateKeyPem = privateKeyPem;
    }

    /// <summary>The public certificate (no private key attached).</summary>
    public X509Certificate2 Certificate { get; }

    public string CertificatePem { get; }

    /// <summary>PKCS#8 ("PRIVATE KEY") when generated here; "EC PRIVATE KEY" is accepted when read.</summary>
    public string PrivateKeyPem { get; }

    public DateTimeOffset NotBefore => new(Certificate.NotBefore.ToUniversalTime());

    public DateTimeOffset NotAfter => new(Certificate.NotAfter.ToUniversalTime());

    /// <summary>Wraps a certificate just created with <paramref name="key"/>.</summary>
    public static KeyedCertificate Create(X509Certificate2 certificate, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(key);
        var pem = certificate.ExportCertificatePem();
        return new KeyedCertificate(X509Certificate2.CreateFromPem(pem), pem, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>
    /// Reads a certificate and its key from PEM; on failure names the problem (with <paramref name="what"/>, e.g.
    /// "ca.crt/ca.key") instead of throwing.
    /// </summary>
    public static bool TryParse(string certificatePem, string privateKeyPem, string what, [NotNullWhen(true)] out KeyedCertificate? parsed, [NotNullWhen(false)] out string? problem)
    {
        parsed = null;
        if (!TryParseCertificate(certificatePem, what, out var certificate, out problem))
        {
            return false;
        }

        try
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(privateKeyPem);
            var certificateKey = certificate.PublicKey.ExportSubjectPublicKeyInfo();
            if (!certificateKey.AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                problem = $"{what}: the private key does not belong to the certificate";
                return false;
            }
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            problem = $"{what}: no readable ECDSA private key: {e.Message}";
            return false;
        }

        parsed = new KeyedCertificate(certificate, certificatePem, privateKeyPem);
        return true;
    }

    /// <summary>Reads exactly one PEM certificate; names the problem otherwise.</summary>
    public static bool TryParseCertificate(string pem, string what, [NotNullWhen(true)] out X509Certificate2? certificate, [NotNullWhen(false)] out string? problem)
    {
        certificate = null;
        if (!PemEncoding.TryFind(pem, out var fields) || !pem.AsSpan()[fields.Label].SequenceEqual("CERTIFICATE"))
        {
            problem = $"{what}: no PEM certificate";
            return false;
        }

        try
        {
            certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(pem[fields.Base64Data]));
            problem = null;
            return true;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            problem = $"{what}: unreadable certificate: {e.Message}";
            return false;
        }
    }

    /// <summary>The certificate with its private key attached, for signing; the caller disposes it.</summary>
    public X509Certificate2 WithPrivateKey()
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(PrivateKeyPem);
        return Certificate.CopyWithPrivateKey(key);
    }
}
