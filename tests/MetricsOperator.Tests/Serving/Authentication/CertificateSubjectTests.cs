using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using MetricsOperator.Serving.Authentication;

namespace MetricsOperator.Tests.Serving.Authentication;

/// <summary>CN and O read from the subject's DER as Go reads them: encoded order, last CN, multi-valued RDNs, any string type.</summary>
public sealed class CertificateSubjectTests
{
    private const string CommonName = "2.5.4.3";
    private const string Organization = "2.5.4.10";
    private const string OrganizationalUnit = "2.5.4.11";

    [Test]
    public void Organizations_keep_their_encoded_order_and_other_attributes_are_ignored()
    {
        var subject = Parse(
            [(Organization, "viewers", UniversalTagNumber.UTF8String)],
            [(OrganizationalUnit, "team", UniversalTagNumber.UTF8String)],
            [(Organization, "auditors", UniversalTagNumber.PrintableString)],
            [(CommonName, "jane", UniversalTagNumber.UTF8String)]);

        Assert.That(subject, Is.EqualTo(new CertificateSubject("jane", ["viewers", "auditors"])).Using<CertificateSubject>(Same));
    }

    [Test]
    public void The_last_common_name_wins_and_multi_valued_RDNs_are_read_whole()
    {
        var subject = Parse(
            [(CommonName, "first", UniversalTagNumber.UTF8String)],
            [(Organization, "system:masters", UniversalTagNumber.UTF8String), (CommonName, "last", UniversalTagNumber.IA5String)]);

        Assert.That(subject, Is.EqualTo(new CertificateSubject("last", ["system:masters"])).Using<CertificateSubject>(Same));
    }

    [Test]
    public void A_subject_without_a_common_name_names_nobody()
    {
        var subject = Parse([(Organization, "group", UniversalTagNumber.UTF8String)]);

        Assert.That(subject.CommonName, Is.Empty);
    }

    [Test]
    public void Non_ASCII_names_are_decoded()
    {
        var subject = Parse([(CommonName, "jürgen", UniversalTagNumber.BMPString)], [(Organization, "équipe", UniversalTagNumber.UTF8String)]);

        Assert.That(subject, Is.EqualTo(new CertificateSubject("jürgen", ["équipe"])).Using<CertificateSubject>(Same));
    }

    [Test]
    public void Values_that_are_not_strings_are_skipped()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSetOf())
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(CommonName);
                writer.WriteInteger(42);
            }
        }

        Assert.That(CertificateSubject.Parse(new X500DistinguishedName(writer.Encode())).CommonName, Is.Empty);
    }

    private static bool Same(CertificateSubject left, CertificateSubject right) =>
        left.CommonName == right.CommonName && left.Organizations.SequenceEqual(right.Organizations);

    private static CertificateSubject Parse(params (string Oid, string Value, UniversalTagNumber Type)[][] relativeNames)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var relativeName in relativeNames)
            {
                using (writer.PushSetOf())
                {
                    foreach (var (oid, value, type) in relativeName)
                    {
                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier(oid);
                            writer.WriteCharacterString(type, value);
                        }
                    }
                }
            }
        }

        return CertificateSubject.Parse(new X500DistinguishedName(writer.Encode()));
    }
}
