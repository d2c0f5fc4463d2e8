using MetricsOperator.Certificates;

namespace MetricsOperator.Tests.Certificates;

/// <summary>The timeline's cached verification agrees with a full chain build at each time.</summary>
public sealed class CachedTrustTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void Agrees_with_a_full_chain_build_before_during_and_after_validity_and_with_a_foreign_bundle()
    {
        var ca = CertificateIssuer.CreateCa(Now, TimeSpan.FromHours(2));
        var other = CertificateIssuer.CreateCa(Now.AddSeconds(1), TimeSpan.FromHours(2));
        var leaf = CertificateIssuer.CreateServing(ca, ["a.example"], Now.AddMinutes(30), TimeSpan.FromHours(1)).Certificate;
        var cached = new CachedTrust();

        foreach (var bundle in new[] { new[] { ca.Certificate }, [other.Certificate], [other.Certificate, ca.Certificate] })
        {
            foreach (var minutes in new[] { 0, 29, 31, 60, 89, 91, 121 })
            {
                var at = Now.AddMinutes(minutes);
                Assert.That(cached.Problem(leaf, bundle, at) is null, Is.EqualTo(Trust.Problem(leaf, bundle, at) is null), $"{minutes} min, {bundle.Length} CA(s)");
            }
        }

        Assert.That(cached.Problem(leaf, [ca.Certificate], Now.AddMinutes(60)), Is.Null);
        Assert.That(cached.Problem(leaf, [ca.Certificate], Now.AddMinutes(100)), Does.Contain("not at"));
    }
}
