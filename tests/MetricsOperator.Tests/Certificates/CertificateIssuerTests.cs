using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MetricsOperator.Certificates;

namespace MetricsOperator.Tests.Certificates;

public sealed class CertificateIssuerTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<string> Names = ServingCertificateDnsNames.For("metrics-operator", "monitoring", "cluster.local");

    [Test]
    public void The_CA_is_a_P256_CA_limited_to_signing_certificates_and_CRLs()
    {
        var ca = CertificateIssuer.CreateCa(Now, TimeSpan.FromDays(5 * 365));
        var certificate = ca.Certificate;

        var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        using var key = certificate.GetECDsaPublicKey();
        Assert.Multiple(() =>
        {
            Assert.That(constraints.CertificateAuthority, Is.True);
            Assert.That(constraints.HasPathLengthConstraint, Is.True);
            Assert.That(constraints.PathLengthConstraint, Is.Zero);
            Assert.That(constraints.Critical, Is.True);
            Assert.That(usage.KeyUsages, Is.EqualTo(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign));
            Assert.That(usage.Critical, Is.True);
            Assert.That(certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifier, Is.Not.Empty);
            Assert.That(key!.ExportParameters(false).Curve.Oid.Value, Is.EqualTo("1.2.840.10045.3.1.7"));
            Assert.That(certificate.SubjectName.Name, Is.EqualTo(certificate.IssuerName.Name));
            Assert.That(ca.NotAfter, Is.EqualTo(Now + TimeSpan.FromDays(5 * 365)));
            Assert.That(ca.NotBefore, Is.EqualTo(Now - TimeSpan.FromMinutes(5)));
            Assert.That(ca.PrivateKeyPem, Does.StartWith("-----BEGIN PRIVATE KEY-----"));
        });
    }

    [Test]
    public void The_serving_certificate_chains_to_the_CA_with_exactly_the_service_names_for_server_authentication_only()
    {
        var ca = CertificateIssuer.CreateCa(Now, TimeSpan.FromDays(5 * 365));
        var serving = CertificateIssuer.CreateServing(ca, Names, Now, TimeSpan.FromDays(365));
        var certificate = serving.Certificate;

        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        var extendedUsage = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        var authorityKey = certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single();
        var caKey = ca.Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(Trust.Problem(certificate, [ca.Certificate], Now), Is.Null);
            Assert.That(ServingCertificateInspection.DnsNames(certificate), Is.EqualTo(new[]
            {
                "metrics-operator", "metrics-operator.monitoring", "metrics-operator.monitoring.svc", "metrics-operator.monitoring.svc.cluster.local",
            }));
            Assert.That(usage.KeyUsages, Is.EqualTo(X509KeyUsageFlags.DigitalSignature));
            Assert.That(extendedUsage.EnhancedKeyUsages.Cast<Oid>().Select(oid => oid.Value), Is.EqualTo(new[] { "1.3.6.1.5.5.7.3.1" }));
            Assert.That(certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority, Is.False);
            Assert.That(Convert.ToHexString(authorityKey.KeyIdentifier!.Value.Span), Is.EqualTo(caKey.SubjectKeyIdentifier));
            Assert.That(serving.NotAfter, Is.EqualTo(Now + TimeSpan.FromDays(365)));
            Assert.That(serving.NotBefore, Is.EqualTo(Now - TimeSpan.FromMinutes(5)));
        });
    }

    [Test]
    public void The_serving_certificate_does_not_verify_against_another_CA()
    {
        var ca = CertificateIssuer.CreateCa(Now, TimeSpan.FromDays(30));
        var other = CertificateIssuer.CreateCa(Now.AddSeconds(1), TimeSpan.FromDays(30));
        var serving = CertificateIssuer.CreateServing(ca, Names, Now, TimeSpan.FromDays(10));

        Assert.Multiple(() =>
        {
            Assert.That(Trust.Problem(serving.Certificate, [other.Certificate], Now), Is.Not.Null);
            Assert.That(ServingCertificateInspection.IsIssuedBy(serving.Certificate, other.Certificate), Is.False);
            Assert.That(ServingCertificateInspection.IsIssuedBy(serving.Certificate, ca.Certificate), Is.True);
        });
    }

    [Test]
    public void A_serving_certificate_never_outlives_its_CA()
    {
        var ca = CertificateIssuer.CreateCa(Now, TimeSpan.FromDays(30));

        var serving = CertificateIssuer.CreateServing(ca, Names, Now.AddDays(29), TimeSpan.FromDays(365));

        Assert.That(serving.NotAfter, Is.EqualTo(ca.NotAfter));
        Assert.That(Trust.Problem(serving.Certificate, [ca.Certificate], Now.AddDays(29).AddHours(23)), Is.Null);
    }

    [Test]
    public void Short_lifetimes_are_backdated_by_a_tenth_at_most()
    {
        var ca = CertificateIssuer.CreateCa(Now, TimeSpan.FromMinutes(10));

        Assert.That(ca.NotBefore, Is.EqualTo(Now - TimeSpan.FromMinutes(1)));
    }

    [Test]
    public void Issuing_from_an_expired_CA_or_without_names_is_refused_with_the_cause()
    {
        var ca = CertificateIssuer.CreateCa(Now, TimeSpan.FromMinutes(10));

        Assert.Multiple(() =>
        {
            Assert.That(() => CertificateIssuer.CreateServing(ca, Names, Now.AddHours(1), TimeSpan.FromMinutes(5)), Throws.ArgumentException.With.Message.Contains("is not valid at"));
            Assert.That(() => CertificateIssuer.CreateServing(ca, [], Now, TimeSpan.FromMinutes(5)), Throws.ArgumentException.With.Message.Contains("at least one DNS name"));
        });
    }
}
