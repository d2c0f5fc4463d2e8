using System.Security.Cryptography;
using System.Text;
using k8s.Models;
using MetricsOperator.Certificates;
using MetricsOperator.Serving.Tls;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Certificates;

/// <summary>Secret data: rendered, read back, refused with a reason when damaged, and read by the serving side.</summary>
public sealed class CertificateMaterialTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<string> Names = ServingCertificateDnsNames.For("metrics-operator", "monitoring", "cluster.local");

    [TestCase(nameof(CaRotationPhase.Stable), 1)]
    [TestCase(nameof(CaRotationPhase.NextCaPublished), 2)]
    [TestCase(nameof(CaRotationPhase.ServingSwitched), 2)]
    public void Rendered_data_reads_back_to_the_same_material(string phaseName, int bundleSize)
    {
        var phase = Enum.Parse<CaRotationPhase>(phaseName);
        var material = Material(phase);

        var read = CertificateMaterial.FromSecretData(material.ToCaSecretData(), material.ToServingSecretData(), out var problem);

        Assert.That(problem, Is.Null);
        Assert.That(read, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(read!.Phase, Is.EqualTo(phase));
            Assert.That(read.Authorities.PhaseSince, Is.EqualTo(material.Authorities.PhaseSince));
            Assert.That(read.Serving.Certificate.Thumbprint, Is.EqualTo(material.Serving.Certificate.Thumbprint));
            Assert.That(read.Authorities.Current.Certificate.Thumbprint, Is.EqualTo(material.Authorities.Current.Certificate.Thumbprint));
            Assert.That(read.CaBundle.Select(ca => ca.Thumbprint), Is.EqualTo(material.CaBundle.Select(ca => ca.Thumbprint)));
            Assert.That(read.CaBundle, Has.Count.EqualTo(bundleSize));
            Assert.That(read.CaBundlePem, Is.EqualTo(material.CaBundlePem));
            Assert.That(read.ToCaSecretData(), Is.EqualTo(material.ToCaSecretData()));
            Assert.That(read.ToServingSecretData(), Is.EqualTo(material.ToServingSecretData()));
            Assert.That(read.ServingNotAfter, Is.EqualTo(material.Serving.NotAfter));
            Assert.That(read.CaNotAfter, Is.EqualTo(material.Authorities.Current.NotAfter));
        });
    }

    [Test]
    public void The_serving_secret_holds_the_certificate_a_PKCS8_key_and_the_bundle()
    {
        var material = Material(CaRotationPhase.NextCaPublished);

        var data = material.ToServingSecretData();

        Assert.Multiple(() =>
        {
            Assert.That(data.Keys, Is.EquivalentTo(new[] { "tls.crt", "tls.key", "ca.crt" }));
            Assert.That(Encoding.UTF8.GetString(data["tls.key"]), Does.StartWith("-----BEGIN PRIVATE KEY-----"));
            Assert.That(data["ca.crt"], Is.EqualTo(material.CaBundlePem));
            Assert.That(Encoding.UTF8.GetString(data["ca.crt"]).Split("BEGIN CERTIFICATE").Length - 1, Is.EqualTo(2));
        });
    }

    [Test]
    public void The_serving_side_reads_the_rendered_secret_and_serves_it()
    {
        var material = Material(CaRotationPhase.ServingSwitched);
        var data = material.ToServingSecretData();
        var source = new ServingCertificateSource(
            new ServingCertificateOptions { FromSecret = true }, new FakeTimeProvider(Now), NullLogger<ServingCertificateSource>.Instance);
        var handler = new ServingCertificateSecretHandler(source, NullLogger<ServingCertificateSecretHandler>.Instance);
        var secret = new V1Secret { Metadata = new V1ObjectMeta { Name = "metrics-operator-serving-cert", NamespaceProperty = "monitoring" }, Data = data };

        var read = PemServingCertificateReader.TryRead(
            Encoding.UTF8.GetString(data["tls.crt"]), Encoding.UTF8.GetString(data["tls.key"]), Encoding.UTF8.GetString(data["ca.crt"]),
            ServingCertificateOrigin.Secret, Now, out var certificate, out var reason);
        var applied = handler.Apply(secret);

        Assert.That(reason, Is.Null);
        Assert.Multiple(() =>
        {
            Assert.That(read, Is.True);
            Assert.That(certificate!.Certificate.HasPrivateKey, Is.True);
            Assert.That(certificate.CaCertificates.Select(ca => ca.Thumbprint), Is.EqualTo(material.CaBundle.Select(ca => ca.Thumbprint)));
            Assert.That(applied.Outcome, Is.EqualTo(CertificateUpdateOutcome.Applied), applied.Reason);
            Assert.That(source.Current.Certificate.Thumbprint, Is.EqualTo(material.Serving.Certificate.Thumbprint));
        });
    }

    [Test]
    public void A_SEC1_EC_private_key_is_read_too()
    {
        var material = Material(CaRotationPhase.Stable);
        using var key = ECDsa.Create();
        key.ImportFromPem(material.Serving.PrivateKeyPem);
        var data = material.ToServingSecretData();
        data["tls.key"] = Encoding.UTF8.GetBytes(key.ExportECPrivateKeyPem());

        var read = CertificateMaterial.FromSecretData(material.ToCaSecretData(), data, out var problem);

        Assert.That(problem, Is.Null);
        Assert.That(read!.Serving.Certificate.Thumbprint, Is.EqualTo(material.Serving.Certificate.Thumbprint));
    }

    [TestCase("ca", "ca.crt", null, "the CA Secret lacks ca.crt")]
    [TestCase("ca", "ca.key", null, "the CA Secret lacks ca.key")]
    [TestCase("ca", "ca.crt", "not a pem", "CA Secret ca.crt/ca.key: no PEM certificate")]
    [TestCase("ca", "ca.crt", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "CA Secret ca.crt/ca.key: unreadable certificate")]
    [TestCase("ca", "ca.key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "CA Secret ca.crt/ca.key: no readable ECDSA private key")]
    [TestCase("ca", "ca.crt", "@serving", "CA Secret ca.crt/ca.key: the private key does not belong to the certificate")]
    [TestCase("ca", "rotation-phase", "Sideways", "CA Secret rotation-phase: unknown phase 'Sideways'")]
    [TestCase("ca", "rotation-phase", "1", "CA Secret rotation-phase: unknown phase '1'")]
    [TestCase("ca", "rotation-phase-since", "yesterday", "CA Secret rotation-phase-since: missing or not a timestamp ('yesterday')")]
    [TestCase("ca", "next-ca.key", null, "the CA Secret lacks next-ca.key")]
    [TestCase("serving", "tls.key", null, "the serving Secret lacks tls.crt or tls.key")]
    [TestCase("serving", "tls.crt", "\u00ff\u00fe garbage", "serving Secret tls.crt/tls.key: no PEM certificate")]
    [TestCase("serving", "tls.key", "@ca-key", "serving Secret tls.crt/tls.key: the private key does not belong to the certificate")]
    public void Damaged_data_is_refused_with_the_cause_never_an_exception(string secret, string key, string? value, string expected)
    {
        var material = Material(CaRotationPhase.NextCaPublished);
        var ca = material.ToCaSecretData();
        var serving = material.ToServingSecretData();
        var target = secret == "ca" ? ca : serving;
        if (value is null)
        {
            target.Remove(key);
        }
        else
        {
            target[key] = value switch
            {
                "@serving" => serving["tls.crt"],
                "@ca-key" => ca["ca.key"],
                _ => Encoding.UTF8.GetBytes(value),
            };
        }

        var read = CertificateMaterial.FromSecretData(ca, serving, out var problem);

        Assert.That(read, Is.Null);
        Assert.That(problem, Does.StartWith(expected));
    }

    [Test]
    public void A_leaf_stored_as_the_CA_is_refused()
    {
        var material = Material(CaRotationPhase.Stable);
        var ca = material.ToCaSecretData();
        var serving = material.ToServingSecretData();
        ca["ca.crt"] = serving["tls.crt"];
        ca["ca.key"] = serving["tls.key"];

        Assert.That(CertificateMaterial.FromSecretData(ca, serving, out var problem), Is.Null);
        Assert.That(problem, Is.EqualTo("CA Secret ca.crt: the certificate is not a CA (basicConstraints CA:true missing)"));
    }

    [Test]
    public void Missing_secrets_are_named()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CertificateMaterial.FromSecretData(null, null, out var noCa), Is.Null);
            Assert.That(noCa, Is.EqualTo("the CA Secret has no data"));
            Assert.That(CertificateMaterial.FromSecretData(Material(CaRotationPhase.Stable).ToCaSecretData(), null, out var noServing), Is.Null);
            Assert.That(noServing, Is.EqualTo("the serving Secret lacks tls.crt or tls.key"));
        });
    }

    internal static CertificateMaterial Material(CaRotationPhase phase)
    {
        var current = CertificateIssuer.CreateCa(Now, TimeSpan.FromDays(30));
        var authorities = CertificateAuthorities.Stable(current);
        if (phase != CaRotationPhase.Stable)
        {
            authorities = authorities.StartRotation(CertificateIssuer.CreateCa(Now.AddSeconds(1), TimeSpan.FromDays(30)), Now.AddSeconds(1));
        }

        if (phase == CaRotationPhase.ServingSwitched)
        {
            authorities = authorities.SwitchToNext(Now.AddMinutes(2));
        }

        return new CertificateMaterial(authorities, CertificateIssuer.CreateServing(authorities.Current, Names, Now.AddMinutes(3), TimeSpan.FromDays(10)));
    }
}
