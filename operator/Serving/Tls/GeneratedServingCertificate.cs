using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MetricsOperator.Serving.Tls;

/// <summary>
/// Makes the self-signed serving certificate: ECDSA P-256, valid for localhost, 127.0.0.1, ::1 and the configured
/// DNS names, server authentication only.
/// </summary>
internal static class GeneratedServingCertificate
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    public static X509Certificate2 Create(IReadOnlyList<string> dnsNames, DateTimeOffset now, TimeSpan validity)
    {
        ArgumentNullException.ThrowIfNull(dnsNames);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var commonName = dnsNames.Count > 0 ? dnsNames[^1] : "localhost";
        var request = new CertificateRequest(new X500DistinguishedName($"CN={commonName}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthentication)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));

        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        foreach (var name in dnsNames.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                names.AddDnsName(name);
            }
        }

        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());

        // Backdated a little so a client whose clock runs slightly behind accepts it.
        return request.CreateSelfSigned(now.AddMinutes(-5), now.Add(validity));
    }
}
