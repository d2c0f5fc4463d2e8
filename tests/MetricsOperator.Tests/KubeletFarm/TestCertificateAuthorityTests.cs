using System.Net;
using System.Security.Cryptography.X509Certificates;
using MetricsOperator.KubeletFarm;

namespace MetricsOperator.Tests.KubeletFarm;

[TestFixture]
internal sealed class TestCertificateAuthorityTests
{
    private TestCertificateAuthority _authority = null!;

    [OneTimeSetUp]
    public void CreateAuthority() => _authority = TestCertificateAuthority.Create();

    [OneTimeTearDown]
    public void DisposeAuthority() => _authority.Dispose();

    [Test]
    public void The_ca_is_a_p256_certificate_authority()
    {
        var ca = _authority.Certificate;

        Assert.That(ca.HasPrivateKey, Is.True);
        Assert.That(ca.GetECDsaPublicKey()!.KeySize, Is.EqualTo(256));
        Assert.That(ca.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority, Is.True);
        Assert.That(_authority.CertificatePem, Does.StartWith("-----BEGIN CERTIFICATE-----"));
    }

    [Test]
    public void Server_certificates_name_their_addresses_and_allow_server_auth_only()
    {
        using var certificate = _authority.IssueServerCertificate("node-1", [IPAddress.Parse("127.11.0.1")], ["node-1"]);

        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.That(names.EnumerateIPAddresses(), Is.EqualTo(new[] { IPAddress.Parse("127.11.0.1") }));
        Assert.That(names.EnumerateDnsNames(), Is.EqualTo(new[] { "node-1" }));
        Assert.That(certificate.MatchesHostname("127.11.0.1"), Is.True);
        Assert.That(certificate.HasPrivateKey, Is.True);
        Assert.That(_authority.IsValidServerCertificate(certificate), Is.True);
        Assert.That(_authority.IsValidClientCertificate(certificate), Is.False);
    }

    [Test]
    public void Client_certificates_carry_user_and_groups_the_kubernetes_way()
    {
        using var certificate = _authority.IssueClientCertificate("system:metrics-operator", ["system:masters", "ops"]);

        Assert.That(certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false), Is.EqualTo("system:metrics-operator"));
        Assert.That(certificate.SubjectName.EnumerateRelativeDistinguishedNames().Where(n => n.GetSingleElementType().Value == "2.5.4.10").Select(n => n.GetSingleElementValue()),
            Is.EquivalentTo(new[] { "system:masters", "ops" }));
        Assert.That(_authority.IsValidClientCertificate(certificate), Is.True);
        Assert.That(_authority.IsValidServerCertificate(certificate), Is.False);
    }

    [Test]
    public void Expired_and_foreign_certificates_do_not_validate()
    {
        using var expired = _authority.IssueClientCertificate("late", validity: CertificateValidity.Expired(TimeProvider.System));
        using var early = _authority.IssueServerCertificate("early", [IPAddress.Loopback], validity: CertificateValidity.NotYetValid(TimeProvider.System));
        using var foreignAuthority = TestCertificateAuthority.Create("someone-else");
        using var foreign = foreignAuthority.IssueClientCertificate("intruder");

        Assert.That(expired.NotAfter, Is.LessThan(DateTime.Now));
        Assert.That(_authority.IsValidClientCertificate(expired), Is.False);
        Assert.That(_authority.IsValidServerCertificate(early), Is.False);
        Assert.That(_authority.IsValidClientCertificate(foreign), Is.False);
        Assert.That(foreignAuthority.IsValidClientCertificate(foreign), Is.True);
    }

    [Test]
    public void A_window_that_ends_before_it_starts_is_refused()
    {
        var now = DateTimeOffset.UtcNow;

        Assert.That(
            () => _authority.IssueClientCertificate("x", validity: new CertificateValidity(now, now.AddDays(-1))),
            Throws.ArgumentException.With.Message.Contains("before it starts"));
    }

    [Test]
    public void Leaves_share_one_key_pair_unless_asked_otherwise()
    {
        using var first = _authority.IssueClientCertificate("a");
        using var second = _authority.IssueClientCertificate("b");
        using var separate = TestCertificateAuthority.Create(shareLeafKey: false);
        using var third = separate.IssueClientCertificate("c");
        using var fourth = separate.IssueClientCertificate("d");

        Assert.That(first.PublicKey.EncodedKeyValue.RawData, Is.EqualTo(second.PublicKey.EncodedKeyValue.RawData));
        Assert.That(third.PublicKey.EncodedKeyValue.RawData, Is.Not.EqualTo(fourth.PublicKey.EncodedKeyValue.RawData));
        Assert.That(third.HasPrivateKey, Is.True);
    }

    [Test]
    public void Pem_files_load_back_into_a_usable_certificate()
    {
        using var certificate = _authority.IssueServerCertificate("node-2", [IPAddress.Parse("127.11.0.2")]);
        var directory = Path.Combine(Path.GetTempPath(), "kubelet-farm-ca-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (certificatePath, keyPath) = TestCertificateAuthority.WriteFiles(certificate, directory, "node-2");
            var bundle = _authority.WriteCaBundle(directory);

            using var loaded = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            using var caFromFile = X509CertificateLoader.LoadCertificateFromFile(bundle);
            Assert.That(loaded.Thumbprint, Is.EqualTo(certificate.Thumbprint));
            Assert.That(loaded.HasPrivateKey, Is.True);
            Assert.That(caFromFile.Thumbprint, Is.EqualTo(_authority.Certificate.Thumbprint));
            Assert.That(File.ReadAllText(keyPath), Does.StartWith("-----BEGIN PRIVATE KEY-----"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
