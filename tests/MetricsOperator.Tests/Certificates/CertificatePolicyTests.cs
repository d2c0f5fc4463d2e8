using MetricsOperator.Certificates;

namespace MetricsOperator.Tests.Certificates;

public sealed class CertificatePolicyTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void The_default_is_valid_five_years_of_CA_and_one_of_serving()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CertificatePolicy.Default.Validate(), Is.Empty);
            Assert.That(CertificatePolicy.Default.CaValidity, Is.EqualTo(TimeSpan.FromDays(1825)));
            Assert.That(CertificatePolicy.Default.ServingValidity, Is.EqualTo(TimeSpan.FromDays(365)));
            Assert.That(CertificatePolicy.Default.BundlePropagationDelay, Is.EqualTo(TimeSpan.FromMinutes(1)));
        });
    }

    [Test]
    public void Renewal_is_at_two_thirds_of_the_lifetime_or_the_lead_time_before_expiry()
    {
        var twoThirds = CertificatePolicy.Default;
        var lead = twoThirds with { RenewBefore = TimeSpan.FromDays(30) };

        Assert.Multiple(() =>
        {
            Assert.That(twoThirds.RenewalTime(Start, Start.AddDays(300)), Is.EqualTo(Start.AddDays(200)));
            Assert.That(lead.RenewalTime(Start, Start.AddDays(300)), Is.EqualTo(Start.AddDays(270)));
        });
    }

    [Test]
    public void Every_problem_is_named()
    {
        var policy = new CertificatePolicy(TimeSpan.Zero, TimeSpan.FromHours(-1), TimeSpan.FromHours(-2), TimeSpan.Zero);

        Assert.That(policy.Validate(), Is.EqualTo(new[]
        {
            "CaValidity must be positive, got 00:00:00",
            "ServingValidity must be positive, got -01:00:00",
            "BundlePropagationDelay must be positive, got 00:00:00",
            "RenewBefore must be positive when set, got -02:00:00",
        }));
    }

    [Test]
    public void A_lead_time_not_shorter_than_a_lifetime_is_refused()
    {
        var policy = new CertificatePolicy(TimeSpan.FromDays(10), TimeSpan.FromDays(5), TimeSpan.FromDays(10), TimeSpan.FromMinutes(1));

        Assert.That(policy.Validate(), Is.EqualTo(new[]
        {
            "RenewBefore (10.00:00:00) must be shorter than ServingValidity (5.00:00:00)",
            "RenewBefore (10.00:00:00) must be shorter than CaValidity (10.00:00:00)",
        }));
    }

    [Test]
    public void The_CA_must_outlast_the_switch_to_the_next_one()
    {
        var policy = new CertificatePolicy(TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(2), null, TimeSpan.FromMinutes(1));

        Assert.That(policy.Validate(), Is.EqualTo(new[] { "the CA's renewal lead time (00:01:00) must exceed BundlePropagationDelay (00:01:00)" }));
    }
}
