using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MetricsOperator.KubeletFarm;
using MetricsOperator.Serving.Tls;
using MetricsOperator.Tests.Kubernetes.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Serving.Tls;

/// <summary>The certificate source: what it starts with, what it accepts, what it refuses and why.</summary>
public sealed class ServingCertificateSourceTests
{
    private static readonly ServingCertificateOptions SecretMode = new() { FromSecret = true };

    private FakeTimeProvider _time = null!;
    private CapturingLogger _log = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _log = new CapturingLogger();
    }

    [Test]
    public void With_nothing_configured_the_generated_certificate_is_final()
    {
        var source = Source(new ServingCertificateOptions());

        Assert.That(source.IsBootstrap, Is.False);
        Assert.That(source.Current.Origin, Is.EqualTo(ServingCertificateOrigin.SelfSigned));
        Assert.That(source.Current.CaBundlePem, Is.EqualTo(source.Current.Certificate.ExportCertificatePem()));
    }

    [Test]
    public void With_files_or_a_secret_configured_a_bootstrap_certificate_stands_in()
    {
        Assert.That(Source(SecretMode).IsBootstrap, Is.True);
        Assert.That(Source(new ServingCertificateOptions { CertificateFile = "/nowhere/tls.crt", KeyFile = "/nowhere/tls.key" }).IsBootstrap, Is.True);
    }

    [Test]
    public void The_generated_certificate_is_p256_for_localhost_loopback_and_the_service_names()
    {
        var names = ServingCertificateOptions.ServiceDnsNames("metrics-operator", "monitoring");
        var certificate = Source(new ServingCertificateOptions { DnsNames = names }).Current.Certificate;

        using var key = certificate.GetECDsaPrivateKey();
        var alternativeNames = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(key, Is.Not.Null);
            Assert.That(key!.ExportParameters(false).Curve.Oid.Value, Is.EqualTo(ECCurve.NamedCurves.nistP256.Oid.Value));
            Assert.That(alternativeNames.EnumerateDnsNames(), Is.EquivalentTo(new[] { "localhost" }.Concat(names)));
            Assert.That(alternativeNames.EnumerateIPAddresses(), Is.EquivalentTo(new[] { IPAddress.Loopback, IPAddress.IPv6Loopback }));
            Assert.That(
                certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value),
                Is.EqualTo(new[] { "1.3.6.1.5.5.7.3.1" }));
            Assert.That(names, Is.EqualTo(new[]
            {
                "metrics-operator", "metrics-operator.monitoring", "metrics-operator.monitoring.svc", "metrics-operator.monitoring.svc.cluster.local",
            }));
            Assert.That(new DateTimeOffset(certificate.NotAfter), Is.EqualTo(_time.GetUtcNow().AddDays(365)).Within(TimeSpan.FromSeconds(1)));
        });
    }

    [Test]
    public void A_valid_pem_replaces_the_bootstrap_once()
    {
        using var pki = new ServingPki();
        var issued = pki.Issue();
        var source = Source(SecretMode);
        var changes = new List<ServingCertificate>();
        source.Changed += changes.Add;

        var first = source.UpdateFromPem(issued.Certificate, issued.Key, pki.CaPem);
        var again = source.UpdateFromPem(issued.Certificate, issued.Key, pki.CaPem);

        Assert.Multiple(() =>
        {
            Assert.That(first.Outcome, Is.EqualTo(CertificateUpdateOutcome.Applied));
            Assert.That(again.Outcome, Is.EqualTo(CertificateUpdateOutcome.Unchanged));
            Assert.That(source.IsBootstrap, Is.False);
            Assert.That(source.Current.Origin, Is.EqualTo(ServingCertificateOrigin.Secret));
            Assert.That(source.Current.Certificate.Thumbprint, Is.EqualTo(issued.Thumbprint));
            Assert.That(source.Current.Certificate.HasPrivateKey, Is.True);
            Assert.That(source.Current.CaBundlePem?.Trim(), Is.EqualTo(pki.CaPem.Trim()));
            Assert.That(changes, Has.Count.EqualTo(1));
        });
    }

    private static IEnumerable<TestCaseData> InvalidInputs()
    {
        yield return new TestCaseData("garbage certificate", "tls.crt holds no PEM certificate");
        yield return new TestCaseData("no key", "tls.key holds no PEM private key");
        yield return new TestCaseData("someone else's key", "do not form a certificate with its private key");
        yield return new TestCaseData("expired", "the certificate expired at");
        yield return new TestCaseData("not yet valid", "the certificate is not valid before");
        yield return new TestCaseData("client only", "does not allow server authentication");
        yield return new TestCaseData("broken ca", "ca.crt");
        yield return new TestCaseData("empty ca", "ca.crt holds no PEM certificate");
    }

    [TestCaseSource(nameof(InvalidInputs))]
    public void Invalid_input_is_refused_with_its_reason_and_the_current_certificate_stays(string kind, string reason)
    {
        using var pki = new ServingPki();
        var good = pki.Issue();
        var other = pki.Issue("other");
        var source = Source(SecretMode);
        source.UpdateFromPem(good.Certificate, good.Key, null);

        var (certificate, key, ca) = kind switch
        {
            "garbage certificate" => ("not a certificate", good.Key, null),
            "no key" => (good.Certificate, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", null),
            "someone else's key" => (good.Certificate, other.Key, null),
            "expired" => Parts(pki.Issue("old", CertificateValidity.Expired(TimeProvider.System))),
            "not yet valid" => Parts(pki.Issue("future", CertificateValidity.NotYetValid(TimeProvider.System))),
            "client only" => Parts(pki.IssueClientOnly()),
            "broken ca" => (other.Certificate, other.Key, "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----"),
            "empty ca" => (other.Certificate, other.Key, "nothing here"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var result = source.UpdateFromPem(certificate, key, ca);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CertificateUpdateOutcome.Rejected));
            Assert.That(result.Reason, Does.Contain(reason));
            Assert.That(source.Current.Certificate.Thumbprint, Is.EqualTo(good.Thumbprint));
            Assert.That(_log.Entries.Last().Message, Does.Contain(reason).And.Contain("still serving the Secret certificate"));
        });
    }

    [Test]
    public void The_same_refusal_is_logged_once()
    {
        var source = Source(SecretMode);

        source.UpdateFromPem("junk", "junk", null);
        source.UpdateFromPem("junk", "junk", null);
        source.Reject(ServingCertificateOrigin.Files, "tls.crt file /x does not exist");
        source.Reject(ServingCertificateOrigin.Files, "tls.crt file /x does not exist");

        Assert.That(_log.Entries.Count(e => e.Level == LogLevel.Warning), Is.EqualTo(2));
    }

    [Test]
    public void The_kestrel_hook_requires_tls12_and_selects_the_current_certificate_per_handshake()
    {
        using var pki = new ServingPki();
        var source = Source(SecretMode);
        var options = new HttpsConnectionAdapterOptions();
        source.ConfigureHttps(options);
        var before = options.ServerCertificateSelector!(null, "localhost");

        var issued = pki.Issue();
        source.UpdateFromPem(issued.Certificate, issued.Key, null);

        Assert.Multiple(() =>
        {
            Assert.That(options.SslProtocols, Is.EqualTo(SslProtocols.Tls12 | SslProtocols.Tls13));
            Assert.That(before!.Thumbprint, Is.Not.EqualTo(issued.Thumbprint));
            Assert.That(options.ServerCertificateSelector!(null, null)!.Thumbprint, Is.EqualTo(issued.Thumbprint));
        });
    }

    [TestCase("cert-only", "go together")]
    [TestCase("ca-only", "a CA file needs")]
    [TestCase("files-and-secret", "exclude each other")]
    [TestCase("zero-interval", "must be positive")]
    [TestCase("short-validity", "at least one day")]
    [TestCase("blank-name", "is not a DNS name")]
    public void Invalid_options_are_refused_with_every_reason(string kind, string reason)
    {
        var options = kind switch
        {
            "cert-only" => new ServingCertificateOptions { CertificateFile = "/x/tls.crt" },
            "ca-only" => new ServingCertificateOptions { CaFile = "/x/ca.crt" },
            "files-and-secret" => new ServingCertificateOptions { CertificateFile = "/x/tls.crt", KeyFile = "/x/tls.key", FromSecret = true },
            "zero-interval" => new ServingCertificateOptions { FileCheckInterval = TimeSpan.Zero },
            "short-validity" => new ServingCertificateOptions { GeneratedValidity = TimeSpan.FromHours(1) },
            _ => new ServingCertificateOptions { DnsNames = ["has space"] },
        };

        Assert.That(() => Source(options), Throws.ArgumentException.With.Message.Contains(reason));
    }

    private static (string, string, string?) Parts(ServingPki.Pem pem) => (pem.Certificate, pem.Key, null);

    private ServingCertificateSource Source(ServingCertificateOptions options) =>
        new(options, _time, new LoggerAdapter<ServingCertificateSource>(_log));
}
