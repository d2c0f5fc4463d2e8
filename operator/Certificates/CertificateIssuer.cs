using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MetricsOperator.Certificates;

/// <summary>
/// Creates the self-signed CA and the serving certificates it signs: ECDSA P-256, SHA-256, random serial numbers,
/// NotBefore backdated a little for clients whose clocks run behind.
/// </summary>
internal static class CertificateIssuer
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private static readonly TimeSpan MaximumBackdate = TimeSpan.FromMinutes(5);

    /// <summary>A CA (CA:true, pathlen 0, keyCertSign|cRLSign) valid for <paramref name="validity"/> from now.</summary>
    public static KeyedCertificate CreateCa(DateTimeOffset now, TimeSpan validity)
    {
        var (notBefore, notAfter) = Window(now, validity);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        // A unique subject per CA: during a rotation two CAs share the bundle and must not be confused by name.
        var subject = new X500DistinguishedName($"CN=metrics-operator-ca@{now.ToUnixTimeSeconds()}, O=metrics-operator");
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var certificate = request.Create(subject, X509SignatureGenerator.CreateForECDsa(key), notBefore, notAfter, SerialNumber());
        return KeyedCertificate.Create(certificate, key);
    }

    /// <summary>
    /// A serving certificate for <paramref name="dnsNames"/> (serverAuth, digitalSignature) signed by
    /// <paramref name="ca"/>, valid for <paramref name="validity"/> but never outside the CA's own validity.
    /// </summary>
    public static KeyedCertificate CreateServing(KeyedCertificate ca, IReadOnlyList<string> dnsNames, DateTimeOffset now, TimeSpan validity)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(dnsNames);
        if (dnsNames.Count == 0)
        {
            throw new ArgumentException("a serving certificate needs at least one DNS name", nameof(dnsNames));
        }

        var (notBefore, notAfter) = ServingWindow(ca, now, validity);
        if (notAfter <= notBefore)
        {
            throw new ArgumentException($"the CA {ca.Certificate.Subject} is not valid at {now:O}", nameof(ca));
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={dnsNames[0]}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthentication)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca.Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            names.AddDnsName(name);
        }

        request.CertificateExtensions.Add(names.Build(critical: false));
        using var issuer = ca.WithPrivateKey();
        using var certificate = request.Create(issuer, notBefore, notAfter, SerialNumber());
        return KeyedCertificate.Create(certificate, key);
    }

    /// <summary>
    /// The validity period <see cref="CreateServing"/> gives a certificate issued by <paramref name="ca"/> at
    /// <paramref name="now"/>: <see cref="Window"/> clipped to the CA's own.
    /// </summary>
    public static (DateTimeOffset NotBefore, DateTimeOffset NotAfter) ServingWindow(KeyedCertificate ca, DateTimeOffset now, TimeSpan validity)
    {
        ArgumentNullException.ThrowIfNull(ca);
        var (notBefore, notAfter) = Window(now, validity);
        return (notBefore < ca.NotBefore ? ca.NotBefore : notBefore, notAfter > ca.NotAfter ? ca.NotAfter : notAfter);
    }

    /// <summary>NotAfter − NotBefore of a certificate issued for <paramref name="validity"/> (before any clipping to its CA).</summary>
    public static TimeSpan Lifetime(TimeSpan validity) => WholeSeconds(validity) + Backdate(validity);

    /// <summary>How long before its issuance a certificate of this <paramref name="validity"/> becomes valid.</summary>
    public static TimeSpan Backdate(TimeSpan validity) => validity / 10 < MaximumBackdate ? WholeSeconds(validity / 10) : MaximumBackdate;

    // Whole seconds (X.509 times have no fractions); the backdate stays small next to short (test) lifetimes.
    private static (DateTimeOffset NotBefore, DateTimeOffset NotAfter) Window(DateTimeOffset now, TimeSpan validity)
    {
        if (validity <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(validity), validity, "validity must be positive");
        }

        var start = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        return (start - Backdate(validity), start + WholeSeconds(validity));
    }

    private static TimeSpan WholeSeconds(TimeSpan span) => TimeSpan.FromSeconds(Math.Floor(span.TotalSeconds));

    private static byte[] SerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive
        serial[0] |= 0x01; // no leading zero byte to strip
        return serial;
    }
}
