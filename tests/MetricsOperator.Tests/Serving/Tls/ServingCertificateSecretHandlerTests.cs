using System.Text;
using k8s.Models;
using MetricsOperator.Serving.Tls;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Serving.Tls;

/// <summary>The operator's Secret feeds the source through an informer's events.</summary>
public sealed class ServingCertificateSecretHandlerTests
{
    [Test]
    public void Added_and_updated_secrets_are_served_deleted_ones_leave_the_certificate_in_place()
    {
        using var pki = new ServingPki();
        var source = new ServingCertificateSource(
            new ServingCertificateOptions { FromSecret = true }, new FakeTimeProvider(DateTimeOffset.UtcNow), NullLogger<ServingCertificateSource>.Instance);
        var handler = new ServingCertificateSecretHandler(source, NullLogger<ServingCertificateSecretHandler>.Instance);
        var first = pki.Issue("first");
        var second = pki.Issue("second");

        handler.OnAdded(Secret(first, pki.CaPem));
        var afterAdd = source.Current;
        handler.OnUpdated(Secret(first, pki.CaPem), Secret(second, pki.CaPem));
        var afterUpdate = source.Current;
        handler.OnDeleted(Secret(second, pki.CaPem));

        Assert.Multiple(() =>
        {
            Assert.That(afterAdd.Certificate.Thumbprint, Is.EqualTo(first.Thumbprint));
            Assert.That(afterAdd.Origin, Is.EqualTo(ServingCertificateOrigin.Secret));
            Assert.That(afterUpdate.Certificate.Thumbprint, Is.EqualTo(second.Thumbprint));
            Assert.That(source.Current, Is.SameAs(afterUpdate));
        });
    }

    [Test]
    public void A_secret_without_its_key_is_refused_and_the_bootstrap_stays()
    {
        using var pki = new ServingPki();
        var source = new ServingCertificateSource(
            new ServingCertificateOptions { FromSecret = true }, new FakeTimeProvider(DateTimeOffset.UtcNow), NullLogger<ServingCertificateSource>.Instance);
        var handler = new ServingCertificateSecretHandler(source, NullLogger<ServingCertificateSecretHandler>.Instance);
        var secret = Secret(pki.Issue(), caPem: null);
        secret.Data.Remove("tls.key");

        var result = handler.Apply(secret);

        Assert.That(result.Outcome, Is.EqualTo(CertificateUpdateOutcome.Rejected));
        Assert.That(result.Reason, Is.EqualTo("Secret monitoring/metrics-operator-serving lacks tls.crt or tls.key"));
        Assert.That(source.IsBootstrap, Is.True);
    }

    private static V1Secret Secret(ServingPki.Pem pem, string? caPem)
    {
        var data = new Dictionary<string, byte[]>
        {
            ["tls.crt"] = Encoding.UTF8.GetBytes(pem.Certificate),
            ["tls.key"] = Encoding.UTF8.GetBytes(pem.Key),
        };
        if (caPem is not null)
        {
            data["ca.crt"] = Encoding.UTF8.GetBytes(caPem);
        }

        return new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "metrics-operator-serving", NamespaceProperty = "monitoring" },
            Type = "kubernetes.io/tls",
            Data = data,
        };
    }
}
