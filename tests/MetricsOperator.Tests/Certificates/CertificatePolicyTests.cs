using System.Globalization;
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

    [Test]
    public void A_new_CA_must_not_fall_due_before_its_own_rotation_ends()
    {
        // Found by the unseeded rotation property: rotated at 2m5s of its life, the next CA was due before the previous
        // one was retired (two propagation delays, 2m54s), and the planner re-issued the serving certificate in a loop.
        var policy = new CertificatePolicy(TimeSpan.FromMinutes(7), TimeSpan.FromMinutes(7), TimeSpan.FromSeconds(294), TimeSpan.FromSeconds(87));

        Assert.That(policy.Validate(), Is.EqualTo(new[]
        {
            "a new CA would be due for renewal 00:02:05 after its issuance, before its rotation ends (twice BundlePropagationDelay, 00:02:54): " +
            "CaValidity (00:07:00) must exceed the CA's renewal lead time (00:04:54) by more",
        }));
    }

    // More falsifying policies of the unseeded property (CA validity, serving validity, renewBefore, propagation delay),
    // all of them the next CA due before the previous one is retired.
    [TestCase("00:12:00", "00:15:36", "00:09:57.6", "00:01:04")]
    [TestCase("00:09:00", "00:09:00", "00:07:17.4", "00:01:16")]
    [TestCase("00:07:00", "00:07:00", "00:06:05.4", "00:00:45")]
    [TestCase("00:06:00", "00:07:48", "00:04:01.2", "00:01:02")]
    [TestCase("00:06:00", "00:07:12", "00:05:24", "00:01:02")]
    [TestCase("00:11:00", "00:11:00", "00:09:40.8", "00:00:50")]
    [TestCase("00:09:00", "00:10:48", "00:07:33.6", "00:00:54")]
    public void Overlapping_rotations_found_by_the_property_are_refused(string ca, string serving, string renewBefore, string delay)
    {
        var policy = new CertificatePolicy(Span(ca), Span(serving), Span(renewBefore), Span(delay));

        var problems = policy.Validate();

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.StartWith("a new CA would be due for renewal"));
    }

    [Test]
    public void A_serving_certificate_must_not_be_due_as_soon_as_it_is_issued()
    {
        var policy = new CertificatePolicy(TimeSpan.FromHours(1), TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(599.5), TimeSpan.FromMinutes(1));

        Assert.That(policy.Validate(), Is.EqualTo(new[]
        {
            "a serving certificate would be due for renewal as soon as it is issued: ServingValidity (00:10:00) must exceed its renewal lead time (00:09:59.5000000) by more than a second",
        }));
    }

    [Test]
    public void The_renewal_age_is_the_least_time_from_issuance_to_renewal()
    {
        var lead = new CertificatePolicy(TimeSpan.FromMinutes(7), TimeSpan.FromMinutes(7), TimeSpan.FromSeconds(245), TimeSpan.FromSeconds(87));
        var twoThirds = lead with { RenewBefore = null };

        Assert.Multiple(() =>
        {
            // Issued at a second's last fraction, the certificate ends a second short of its validity.
            Assert.That(lead.RenewalAge(TimeSpan.FromMinutes(7)), Is.EqualTo(TimeSpan.FromSeconds(420 - 245 - 1)));
            Assert.That(lead.RenewalAge(lead.CaValidity), Is.EqualTo(lead.RotationDuration), "the longest lead time accepted");
            Assert.That(lead.Validate(), Is.Empty);
            Assert.That((lead with { RenewBefore = TimeSpan.FromSeconds(246) }).Validate(), Has.Count.EqualTo(1));

            // Two thirds of the lifetime with its 42 s backdate (462 s), counted from 42 s before issuance.
            Assert.That(twoThirds.RenewalAge(TimeSpan.FromMinutes(7)), Is.EqualTo(TimeSpan.FromSeconds(420 - 154 - 1)));
        });
    }

    private static TimeSpan Span(string text) => TimeSpan.Parse(text, CultureInfo.InvariantCulture);
}
