using System.Security.Cryptography.X509Certificates;
using System.Text;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Reconciliation;
using MetricsOperator.Reconciliation.Spec;

namespace MetricsOperator.Tests.Reconciliation;

/// <summary>
/// Certificates rotated by the reconciler itself, following its own requeue delays on a fake clock: the caBundle
/// published in the APIService always trusts the serving certificate in the Secret, both the one already served
/// and the one about to be, through several serving renewals and CA rotations.
/// </summary>
public sealed class RotationTimelineTests
{
    [Test]
    public async Task ThePublishedBundleTrustsEveryServedCertificate()
    {
        var harness = new ReconcilerHarness(DevelopmentMode.On);
        harness.Backends.Add(TestBackends.Create(spec: new MetricsBackendSpec
        {
            Scraping = new ScrapingSpec { Resolution = "30s" },
            Certificates = new CertificatesSpec { CaValidity = "20s", ServingValidity = "9s" },
        }));
        var reconciler = harness.Reconciler();
        var end = harness.Time.GetUtcNow().AddSeconds(70);
        var caSubjects = new HashSet<string>(StringComparer.Ordinal);
        var servedCertificates = new HashSet<string>(StringComparer.Ordinal);
        byte[]? servedBefore = null;
        var rounds = 0;

        while (harness.Time.GetUtcNow() < end)
        {
            var result = await reconciler.ReconcileAsync("default", CancellationToken.None);
            var bundle = harness.ApiService!.Spec.CaBundle;
            var serving = harness.Secrets[ChildNames.ServingSecret].Data["tls.crt"];
            AssertTrusted(bundle, serving, harness.Time.GetUtcNow(), "the certificate now in the Secret");
            if (servedBefore is not null)
            {
                AssertTrusted(bundle, servedBefore, harness.Time.GetUtcNow(), "the certificate served until this reconcile");
            }

            foreach (var ca in Bundle(bundle))
            {
                caSubjects.Add(ca.Thumbprint);
            }

            servedCertificates.Add(Convert.ToHexString(serving));
            servedBefore = serving;
            rounds++;
            harness.Time.Advance(result.Requeue!.Value);
        }

        Assert.Multiple(() =>
        {
            Assert.That(caSubjects, Has.Count.GreaterThanOrEqualTo(3), "the CA was rotated more than once");
            Assert.That(servedCertificates, Has.Count.GreaterThanOrEqualTo(6), "the serving certificate was renewed several times");
            Assert.That(rounds, Is.LessThan(200), "requeue delays follow the plan, not a busy loop");
        });
    }

    private static X509Certificate2Collection Bundle(byte[] pem)
    {
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPem(Encoding.ASCII.GetString(pem));
        return bundle;
    }

    private static void AssertTrusted(byte[] bundlePem, byte[] certificatePem, DateTimeOffset now, string what)
    {
        using var certificate = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(certificatePem));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Bundle(bundlePem));
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        var trusted = chain.Build(certificate);
        Assert.That(
            trusted,
            Is.True,
            $"{what} at {now:O} ({certificate.Subject}, issued by {certificate.Issuer}) must chain to the caBundle: " +
            string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }
}
