using System.Text;
using MetricsOperator.Certificates;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Certificates;

/// <summary>The planner's single decisions: issuance, the renewal schedule, re-issue on mismatch, damaged data.</summary>
public sealed class CertificateRotationPlannerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<string> Names = ServingCertificateDnsNames.For("metrics-operator", "monitoring", "cluster.local");

    // Lifetimes in whole days so the 5-minute backdate is visible in the expected times.
    private static readonly CertificatePolicy Policy = new(TimeSpan.FromDays(300), TimeSpan.FromDays(30), null, TimeSpan.FromMinutes(1));

    private FakeTimeProvider _clock = new(Start);

    private CertificateRotationPlanner Planner => new(_clock);

    [SetUp]
    public void ResetClock() => _clock = new FakeTimeProvider(Start);

    [Test]
    public void Nothing_yet_issues_a_CA_and_a_serving_certificate()
    {
        var plan = Planner.Plan(null, Policy, Names);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Changed, Is.True);
            Assert.That(plan.Changes.Select(change => change.Reason), Is.EqualTo(new[] { CertificateChange.CertificateIssued }));
            Assert.That(plan.Material.Phase, Is.EqualTo(CaRotationPhase.Stable));
            Assert.That(plan.Material.CaNotAfter, Is.EqualTo(Start.AddDays(300)));
            Assert.That(plan.Material.ServingNotAfter, Is.EqualTo(Start.AddDays(30)));
            Assert.That(Trust.Problem(plan.Material.Serving.Certificate, plan.Material.CaBundle, Start), Is.Null);

            // Two thirds of 30 days plus the 5-minute backdate, less a third of the backdate.
            Assert.That(plan.NextReviewAt, Is.EqualTo(Start.AddDays(30) - (TimeSpan.FromDays(30) + TimeSpan.FromMinutes(5)) / 3));
        });
    }

    [Test]
    public void Shortened_validities_take_effect_without_waiting_out_the_certificates_in_place()
    {
        var first = Planner.Plan(null, Policy, Names);
        _clock.SetUtcNow(Start.AddDays(1));

        // The 30-day serving certificate is past two thirds of a one-day lifetime; the 300-day CA past two thirds of 1.2 days.
        var servingShortened = Planner.Plan(first.Material, Policy with { ServingValidity = TimeSpan.FromDays(1) }, Names);
        var caShortened = Planner.Plan(first.Material, Policy with { CaValidity = TimeSpan.FromDays(1.2), ServingValidity = TimeSpan.FromDays(1) }, Names);
        var unchanged = Planner.Plan(first.Material, Policy, Names);

        Assert.Multiple(() =>
        {
            Assert.That(servingShortened.Changes.Select(change => change.Reason), Is.EqualTo(new[] { CertificateChange.ServingCertificateRenewed }));
            Assert.That(servingShortened.Material.ServingNotAfter, Is.EqualTo(Start.AddDays(2)));
            Assert.That(caShortened.Changes.Select(change => change.Reason), Does.Contain(CertificateChange.CARotationStarted));
            Assert.That(unchanged.Changed, Is.False);
        });
    }

    [Test]
    public void The_serving_certificate_is_renewed_at_two_thirds_of_its_lifetime_and_not_before()
    {
        var first = Planner.Plan(null, Policy, Names);
        _clock.SetUtcNow(first.NextReviewAt - TimeSpan.FromSeconds(1));
        var early = Planner.Plan(first.Material, Policy, Names);
        _clock.SetUtcNow(first.NextReviewAt);
        var due = Planner.Plan(first.Material, Policy, Names);

        Assert.Multiple(() =>
        {
            Assert.That(early.Changed, Is.False);
            Assert.That(early.Material, Is.SameAs(first.Material));
            Assert.That(early.NextReviewAt, Is.EqualTo(first.NextReviewAt));
            Assert.That(due.Changes.Select(change => change.Reason), Is.EqualTo(new[] { CertificateChange.ServingCertificateRenewed }));
            Assert.That(due.Changes[0].Message, Does.Contain("was due for renewal"));
            Assert.That(due.Material.Authorities, Is.SameAs(first.Material.Authorities));
            Assert.That(due.Material.ServingNotAfter, Is.EqualTo(first.NextReviewAt + TimeSpan.FromDays(30)));
        });
    }

    [Test]
    public void A_lead_time_renews_that_long_before_expiry()
    {
        var policy = Policy with { RenewBefore = TimeSpan.FromDays(7) };

        var plan = Planner.Plan(null, policy, Names);

        Assert.That(plan.NextReviewAt, Is.EqualTo(Start.AddDays(23)));
    }

    [Test]
    public void The_CA_rotation_starts_at_two_thirds_of_the_CA_lifetime()
    {
        // A serving lifetime beyond the CA's is capped to it, so both are due together; the coming switch to the
        // next CA re-issues the serving certificate, so it is not renewed now.
        var policy = Policy with { ServingValidity = TimeSpan.FromDays(400) };
        var first = Planner.Plan(null, policy, Names);
        var caDue = policy.RenewalTime(first.Material.Authorities.Current.NotBefore, first.Material.CaNotAfter);

        _clock.SetUtcNow(caDue);
        var plan = Planner.Plan(first.Material, policy, Names);

        Assert.Multiple(() =>
        {
            Assert.That(first.NextReviewAt, Is.EqualTo(caDue));
            Assert.That(caDue, Is.EqualTo(Start.AddDays(300) - (TimeSpan.FromDays(300) + TimeSpan.FromMinutes(5)) / 3));
            Assert.That(plan.Changes.Select(change => change.Reason), Is.EqualTo(new[] { CertificateChange.CARotationStarted }));
            Assert.That(plan.Material.Phase, Is.EqualTo(CaRotationPhase.NextCaPublished));
            Assert.That(plan.Material.Serving, Is.SameAs(first.Material.Serving));
            Assert.That(plan.Material.CaBundle, Has.Count.EqualTo(2));
            Assert.That(plan.NextReviewAt, Is.EqualTo(caDue + policy.BundlePropagationDelay));
        });
    }

    [Test]
    public void While_the_next_CA_propagates_a_due_serving_certificate_waits_for_the_switch_if_it_lasts_until_then()
    {
        var (authorities, currentCa) = Rotating();
        var serving = CertificateIssuer.CreateServing(currentCa, Names, Start.AddMinutes(-9), TimeSpan.FromMinutes(11));
        _clock.SetUtcNow(Start.AddSeconds(10));

        var plan = Planner.Plan(new CertificateMaterial(authorities, serving), Policy, Names);

        Assert.Multiple(() =>
        {
            Assert.That(_clock.GetUtcNow(), Is.GreaterThan(Policy.RenewalTime(serving.NotBefore, serving.NotAfter)));
            Assert.That(plan.Changed, Is.False);
            Assert.That(plan.NextReviewAt, Is.EqualTo(Start + Policy.BundlePropagationDelay));
        });
    }

    [Test]
    public void While_the_next_CA_propagates_a_serving_certificate_expiring_before_the_switch_is_renewed_from_the_current_CA()
    {
        var (authorities, currentCa) = Rotating();
        var serving = CertificateIssuer.CreateServing(currentCa, Names, Start.AddSeconds(-59), TimeSpan.FromSeconds(90));
        _clock.SetUtcNow(Start.AddSeconds(10));

        var plan = Planner.Plan(new CertificateMaterial(authorities, serving), Policy, Names);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Changes.Select(change => change.Reason), Is.EqualTo(new[] { CertificateChange.ServingCertificateRenewed }));
            Assert.That(plan.Changes[0].Message, Does.Contain("before the switch to the next CA"));
            Assert.That(plan.Material.Phase, Is.EqualTo(CaRotationPhase.NextCaPublished));
            Assert.That(ServingCertificateInspection.IsIssuedBy(plan.Material.Serving.Certificate, currentCa.Certificate), Is.True);
            Assert.That(plan.NextReviewAt, Is.EqualTo(Start + Policy.BundlePropagationDelay));
        });
    }

    [Test]
    public void A_serving_certificate_clipped_to_its_CA_is_left_to_the_CA_rotation_when_a_new_one_would_be_due_as_soon()
    {
        // renewBefore raised while the previous CA is still in the bundle: the serving certificate, clipped to the new
        // CA's expiry, is due at once, and so would be any other from that CA. Re-issuing it on every reconcile (the
        // planner used to) is a busy loop until the previous CA is retired.
        var before = new CertificatePolicy(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1));
        var after = new CertificatePolicy(TimeSpan.FromMinutes(31), TimeSpan.FromMinutes(30), TimeSpan.FromSeconds((28 * 60) + 30), TimeSpan.FromMinutes(1));
        var material = Planner.Plan(null, before, Names).Material;
        foreach (var minutes in new[] { 25, 26 })
        {
            _clock.SetUtcNow(Start.AddMinutes(minutes));
            material = Planner.Plan(material, before, Names).Material;
        }

        _clock.SetUtcNow(Start.AddMinutes(26.5));
        var plan = Planner.Plan(material, after, Names);
        _clock.SetUtcNow(plan.NextReviewAt);
        var retired = Planner.Plan(plan.Material, after, Names);
        var rotating = Planner.Plan(retired.Material, after, Names);

        Assert.Multiple(() =>
        {
            Assert.That(after.Validate(), Is.Empty);
            Assert.That(material.Phase, Is.EqualTo(CaRotationPhase.ServingSwitched));
            Assert.That(after.RenewalTime(material.Serving.NotBefore, material.Serving.NotAfter, after.ServingValidity), Is.LessThanOrEqualTo(Start.AddMinutes(26.5)));
            Assert.That(plan.Changed, Is.False);
            Assert.That(plan.NextReviewAt, Is.EqualTo(Start.AddMinutes(27)), "when the previous CA is retired");
            Assert.That(retired.Changes.Select(change => change.Reason), Is.EqualTo(new[] { CertificateChange.PreviousCARetired }));

            // The new CA is due under the new lead time too: its rotation follows at once and replaces the serving certificate.
            Assert.That(retired.NextReviewAt, Is.LessThanOrEqualTo(_clock.GetUtcNow()));
            Assert.That(rotating.Changes.Select(change => change.Reason), Is.EqualTo(new[] { CertificateChange.CARotationStarted }));
        });
    }

    [Test]
    public void Reconciled_late_a_serving_certificate_expiring_before_the_switch_is_re_issued_even_if_due_at_once()
    {
        // Both the CA (at 20m) and the serving certificate (at 17m30s) are overdue; the new one, clipped to the CA's
        // expiry, is due at once as well, but it outlasts the switch to the next CA where the old one would not.
        var policy = new CertificatePolicy(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1));
        var ca = CertificateIssuer.CreateCa(Start, policy.CaValidity);
        var serving = CertificateIssuer.CreateServing(ca, Names, Start.AddMinutes(7.5), policy.ServingValidity);
        _clock.SetUtcNow(Start.AddMinutes(27));

        var plan = Planner.Plan(new CertificateMaterial(CertificateAuthorities.Stable(ca), serving), policy, Names);
        var again = Planner.Plan(plan.Material, policy, Names);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Changes.Select(change => change.Reason), Is.EqualTo(new[] { CertificateChange.CARotationStarted, CertificateChange.ServingCertificateRenewed }));
            Assert.That(plan.Material.ServingNotAfter, Is.EqualTo(ca.NotAfter));
            Assert.That(plan.NextReviewAt, Is.EqualTo(Start.AddMinutes(28)), "the switch");
            Assert.That(again.Changed, Is.False);
            Assert.That(again.NextReviewAt, Is.EqualTo(Start.AddMinutes(28)));
        });
    }

    [Test]
    public void Changed_DNS_names_re_issue_the_serving_certificate_from_the_same_CA()
    {
        var first = Planner.Plan(null, Policy, Names);
        var names = ServingCertificateDnsNames.For("metrics-operator", "observability", "cluster.local");

        var plan = Planner.Plan(first.Material, Policy, names);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Changes.Select(change => change.Reason), Is.EqualTo(new[] { CertificateChange.ServingCertificateRenewed }));
            Assert.That(plan.Changes[0].Message, Does.StartWith("the serving certificate is for [metrics-operator, metrics-operator.monitoring,"));
            Assert.That(plan.Material.Authorities, Is.SameAs(first.Material.Authorities));
            Assert.That(ServingCertificateInspection.DnsNames(plan.Material.Serving.Certificate), Is.EqualTo(names));
        });
    }

    [Test]
    public void The_same_names_in_another_order_or_case_change_nothing()
    {
        var first = Planner.Plan(null, Policy, Names);

        var plan = Planner.Plan(first.Material, Policy, [.. Names.Reverse().Select(name => name.ToUpperInvariant())]);

        Assert.That(plan.Changed, Is.False);
    }

    [Test]
    public void A_serving_certificate_from_another_CA_is_re_issued_from_the_current_one()
    {
        var first = Planner.Plan(null, Policy, Names);
        var stranger = Planner.Plan(null, Policy, Names);
        var mixed = new CertificateMaterial(first.Material.Authorities, stranger.Material.Serving);

        var plan = Planner.Plan(mixed, Policy, Names);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Changes.Select(change => change.Message), Has.One.StartWith("the serving certificate does not chain to the current CA"));
            Assert.That(Trust.Problem(plan.Material.Serving.Certificate, [first.Material.Authorities.Current.Certificate], Start), Is.Null);
        });
    }

    [Test]
    public void A_damaged_serving_secret_keeps_the_CA_and_re_issues_only_the_serving_certificate()
    {
        var first = Planner.Plan(null, Policy, Names);
        var serving = first.Material.ToServingSecretData();
        serving["tls.key"] = first.Material.ToCaSecretData()["ca.key"];

        var plan = Planner.PlanFromSecretData(first.Material.ToCaSecretData(), serving, Policy, Names);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Changes.Select(change => change.Reason), Is.EqualTo(new[] { CertificateChange.CertificateMaterialInvalid, CertificateChange.ServingCertificateRenewed }));
            Assert.That(plan.Changes[0].IsWarning, Is.True);
            Assert.That(plan.Changes[0].Message, Does.Contain("the private key does not belong to the certificate"));
            Assert.That(plan.Material.Authorities.Current.Certificate.Thumbprint, Is.EqualTo(first.Material.Authorities.Current.Certificate.Thumbprint));
        });
    }

    [Test]
    public void A_missing_serving_secret_is_re_issued_without_a_warning()
    {
        var first = Planner.Plan(null, Policy, Names);

        var plan = Planner.PlanFromSecretData(first.Material.ToCaSecretData(), null, Policy, Names);

        Assert.That(plan.Changes.Select(change => change.Reason), Is.EqualTo(new[] { CertificateChange.ServingCertificateRenewed }));
        Assert.That(plan.Material.Authorities.Current.Certificate.Thumbprint, Is.EqualTo(first.Material.Authorities.Current.Certificate.Thumbprint));
    }

    [Test]
    public void Damaged_CA_data_is_reported_and_everything_is_issued_anew()
    {
        var first = Planner.Plan(null, Policy, Names);
        var ca = first.Material.ToCaSecretData();
        ca["ca.crt"] = Encoding.UTF8.GetBytes("garbage");

        var plan = Planner.PlanFromSecretData(ca, first.Material.ToServingSecretData(), Policy, Names);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Changes.Select(change => change.Reason), Is.EqualTo(new[] { CertificateChange.CertificateMaterialInvalid, CertificateChange.CertificateIssued }));
            Assert.That(plan.Changes[0].Message, Is.EqualTo("CA Secret ca.crt/ca.key: no PEM certificate"));
            Assert.That(plan.Material.Authorities.Current.Certificate.Thumbprint, Is.Not.EqualTo(first.Material.Authorities.Current.Certificate.Thumbprint));
        });
    }

    [Test]
    public void Intact_secret_data_plans_like_the_parsed_material()
    {
        var first = Planner.Plan(null, Policy, Names);

        var plan = Planner.PlanFromSecretData(first.Material.ToCaSecretData(), first.Material.ToServingSecretData(), Policy, Names);

        Assert.That(plan.Changed, Is.False);
        Assert.That(plan.NextReviewAt, Is.EqualTo(first.NextReviewAt));
    }

    [Test]
    public void An_expired_CA_is_replaced_at_once_since_no_rotation_can_save_it()
    {
        var first = Planner.Plan(null, Policy, Names);
        _clock.SetUtcNow(first.Material.CaNotAfter);

        var plan = Planner.Plan(first.Material, Policy, Names);

        Assert.That(plan.Changes.Select(change => change.Reason), Is.EqualTo(new[] { CertificateChange.CertificateMaterialInvalid, CertificateChange.CertificateIssued }));
        Assert.That(Trust.Problem(plan.Material.Serving.Certificate, plan.Material.CaBundle, _clock.GetUtcNow()), Is.Null);
    }

    [Test]
    public void Invalid_policies_and_empty_names_are_refused_with_the_cause()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Planner.Plan(null, Policy with { BundlePropagationDelay = TimeSpan.Zero }, Names),
                Throws.ArgumentException.With.Message.StartsWith("invalid certificate policy: BundlePropagationDelay must be positive"));
            Assert.That(() => Planner.Plan(null, Policy, []), Throws.ArgumentException.With.Message.StartsWith("the serving certificate needs at least one DNS name"));
        });
    }

    // A rotation that started at Start: the current CA is 25 days into its 30, the next one is new.
    private static (CertificateAuthorities Authorities, KeyedCertificate CurrentCa) Rotating()
    {
        var current = CertificateIssuer.CreateCa(Start.AddDays(-25), TimeSpan.FromDays(30));
        var next = CertificateIssuer.CreateCa(Start, TimeSpan.FromDays(30));
        return (CertificateAuthorities.Stable(current).StartRotation(next, Start), current);
    }
}
