using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MetricsOperator.KubeletFarm;
using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Scraping;

internal sealed class KubeletCertificateValidatorTests
{
    private static readonly IPAddress NodeAddress = IPAddress.Parse("10.0.0.7");

    private TestCertificateAuthority _trusted = null!;
    private TestCertificateAuthority _other = null!;

    [OneTimeSetUp]
    public void CreateAuthorities()
    {
        _trusted = TestCertificateAuthority.Create("trusted-kubelet-ca");
        _other = TestCertificateAuthority.Create("other-ca");
    }

    [OneTimeTearDown]
    public void DisposeAuthorities()
    {
        _trusted.Dispose();
        _other.Dispose();
    }

    [Test]
    public void Accepts_a_serving_certificate_from_the_trusted_CA()
    {
        using var leaf = _trusted.IssueServerCertificate("node7", [NodeAddress]);

        Assert.That(Rejection(leaf), Is.Null);
    }

    [Test]
    public void Names_the_issuer_of_a_certificate_from_another_CA()
    {
        using var leaf = _other.IssueServerCertificate("node7", [NodeAddress]);

        Assert.That(Rejection(leaf), Is.EqualTo("kubelet certificate not trusted: issuer \"CN=other-ca\" does not chain to a trusted CA"));
    }

    [Test]
    public void Says_when_the_certificate_expired()
    {
        var validity = CertificateValidity.Expired(TimeProvider.System);
        using var leaf = _trusted.IssueServerCertificate("node7", [NodeAddress], validity: validity);

        Assert.That(Rejection(leaf), Is.EqualTo($"kubelet certificate expired at {validity.NotAfter.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}"));
    }

    [Test]
    public void Says_when_the_certificate_is_not_valid_yet()
    {
        var validity = CertificateValidity.NotYetValid(TimeProvider.System);
        using var leaf = _trusted.IssueServerCertificate("node7", [NodeAddress], validity: validity);

        Assert.That(Rejection(leaf), Does.StartWith("kubelet certificate is not valid before "));
    }

    [Test]
    public void Refuses_a_certificate_not_meant_for_servers()
    {
        using var leaf = _trusted.IssueClientCertificate("node7");

        Assert.That(Rejection(leaf), Is.EqualTo("kubelet certificate not trusted: it is not valid for server authentication"));
    }

    [Test]
    public void Lists_the_names_of_a_certificate_issued_for_another_host()
    {
        using var leaf = _trusted.IssueServerCertificate("node7", [NodeAddress], ["node7"]);

        Assert.That(Rejection(leaf, SslPolicyErrors.RemoteCertificateNameMismatch), Does.EndWith("(it names node7, 10.0.0.7)"));
    }

    [Test]
    public void For_a_kubelet_host_name_the_connected_IP_must_be_named_whatever_the_TLS_stack_says_of_the_name()
    {
        // The certificate names the node and anything under it, but not the address connected to.
        using var leaf = _trusted.IssueServerCertificate("node7", [IPAddress.Parse("10.0.0.8")], ["node7", "*.node7"]);
        KubeletHostName.TryCreate("node7", NodeAddress, out var host);

        Assert.That(
            Rejection(leaf, SslPolicyErrors.None, host),
            Is.EqualTo("kubelet certificate is not valid for 10.0.0.7 (it names node7, *.node7, 10.0.0.8)"));
    }

    [Test]
    public void For_a_kubelet_host_name_the_mismatch_with_the_synthetic_name_does_not_count()
    {
        using var leaf = _trusted.IssueServerCertificate("node7", [NodeAddress]);
        KubeletHostName.TryCreate("node7", NodeAddress, out var host);

        Assert.That(Rejection(leaf, SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors, host), Is.Null);
    }

    [Test]
    public void For_a_kubelet_host_name_the_chain_is_still_verified()
    {
        using var leaf = _other.IssueServerCertificate("node7", [NodeAddress]);
        KubeletHostName.TryCreate("node7", NodeAddress, out var host);

        Assert.That(Rejection(leaf, SslPolicyErrors.RemoteCertificateNameMismatch, host), Does.StartWith("kubelet certificate not trusted"));
    }

    [Test]
    public void Refuses_a_missing_certificate()
    {
        var validator = new KubeletCertificateValidator([_trusted.Certificate]);

        var accepted = validator.Validate(null!, null, null, SslPolicyErrors.RemoteCertificateNotAvailable);

        Assert.That(accepted, Is.False);
        Assert.That(validator.TryTakeRejection(string.Empty, out var reason) ? reason : null, Is.EqualTo("kubelet presented no certificate"));
    }

    [Test]
    public void A_rejection_is_handed_out_once()
    {
        using var leaf = _other.IssueServerCertificate("node7", [NodeAddress]);
        var validator = new KubeletCertificateValidator([_trusted.Certificate]);
        validator.Validate(null!, leaf, null, SslPolicyErrors.None);

        Assert.That(validator.TryTakeRejection(string.Empty, out _), Is.True);
        Assert.That(validator.TryTakeRejection(string.Empty, out _), Is.False);
    }

    private string? Rejection(X509Certificate2 leaf, SslPolicyErrors errors = SslPolicyErrors.RemoteCertificateChainErrors, string? host = null)
    {
        var validator = new KubeletCertificateValidator([_trusted.Certificate]);
        var accepted = validator.Validate(host, leaf, null, errors);
        var hasReason = validator.TryTakeRejection(host ?? string.Empty, out var reason);
        Assert.That(hasReason, Is.EqualTo(!accepted), "a reason exactly when rejected");
        return hasReason ? reason : null;
    }
}
