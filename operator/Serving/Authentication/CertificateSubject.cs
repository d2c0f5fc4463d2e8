using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// The subject fields Kubernetes reads from a client certificate: the common name (the user, or the front-proxy's
/// name) and the organizations (the groups). Read from the DER as Go's pkix.Name does: every attribute of every RDN,
/// multi-valued RDNs included; the last CN wins; organizations keep their encoded order.
/// </summary>
internal readonly record struct CertificateSubject(string CommonName, IReadOnlyList<string> Organizations)
{
    private const string CommonNameOid = "2.5.4.3";
    private const string OrganizationOid = "2.5.4.10";

    public static CertificateSubject Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Parse(certificate.SubjectName);
    }

    public static CertificateSubject Parse(X500DistinguishedName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var commonName = string.Empty;
        var organizations = new List<string>();
        try
        {
            var names = new AsnReader(name.RawData, AsnEncodingRules.BER).ReadSequence();
            while (names.HasData)
            {
                var relativeName = names.ReadSetOf(skipSortOrderValidation: true);
                while (relativeName.HasData)
                {
                    var attribute = relativeName.ReadSequence();
                    var type = attribute.ReadObjectIdentifier();
                    if (type is not (CommonNameOid or OrganizationOid) || !TryReadText(attribute, out var value))
                    {
                        continue;
                    }

                    if (type == CommonNameOid)
                    {
                        commonName = value;
                    }
                    else
                    {
                        organizations.Add(value);
                    }
                }
            }
        }
        catch (AsnContentException)
        {
            // The TLS stack accepted the certificate, so this cannot happen in practice; an unreadable subject names nobody.
            return new CertificateSubject(string.Empty, []);
        }

        return new CertificateSubject(commonName, organizations);
    }

    private static bool TryReadText(AsnReader attribute, out string value)
    {
        var tag = attribute.PeekTag();
        if (tag.TagClass == TagClass.Universal && (UniversalTagNumber)tag.TagValue is
            UniversalTagNumber.UTF8String or UniversalTagNumber.PrintableString or UniversalTagNumber.IA5String or
            UniversalTagNumber.T61String or UniversalTagNumber.BMPString or UniversalTagNumber.UniversalString or
            UniversalTagNumber.VisibleString or UniversalTagNumber.NumericString)
        {
            value = attribute.ReadCharacterString((UniversalTagNumber)tag.TagValue);
            return true;
        }

        value = string.Empty;
        return false;
    }
}
