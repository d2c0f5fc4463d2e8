using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MetricsOperator.Certificates;

/// <summary>Checks of an existing serving certificate against what it should be.</summary>
internal static class ServingCertificateInspection
{
    private const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    private const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    private const string EcdsaWithSha512 = "1.2.840.10045.4.3.4";

    /// <summary>The certificate's DNS SANs equal <paramref name="expected"/> as a set (DNS names are case-insensitive).</summary>
    public static bool SameDnsNames(X509Certificate2 certificate, IReadOnlyList<string> expected, out IReadOnlyList<string> actual)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        actual = DnsNames(certificate);
        return actual.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(expected);
    }

    public static IReadOnlyList<string> DnsNames(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return [.. certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(static names => names.EnumerateDnsNames())];
    }

    /// <summary>
    /// The certificate names <paramref name="ca"/> as its issuer and its signature verifies with the CA's ECDSA key.
    /// Validity periods are not this check's concern (expiry is handled by renewal); anything unreadable is "no".
    /// </summary>
    public static bool IsIssuedBy(X509Certificate2 certificate, X509Certificate2 ca)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(ca);
        if (!certificate.IssuerName.RawData.AsSpan().SequenceEqual(ca.SubjectName.RawData))
        {
            return false;
        }

        using var key = ca.GetECDsaPublicKey();
        if (key is null)
        {
            return false;
        }

        try
        {
            // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
            var sequence = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
            var signed = sequence.ReadEncodedValue();
            var algorithm = sequence.ReadSequence().ReadObjectIdentifier();
            var signature = sequence.ReadBitString(out _);
            var hash = algorithm switch
            {
                EcdsaWithSha256 => HashAlgorithmName.SHA256,
                EcdsaWithSha384 => HashAlgorithmName.SHA384,
                EcdsaWithSha512 => HashAlgorithmName.SHA512,
                _ => default,
            };
            return hash != default && key.VerifyData(signed.Span, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return false;
        }
    }
}
