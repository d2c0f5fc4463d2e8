using FsCheck;
using FsCheck.Fluent;
using MetricsOperator.Certificates;

namespace MetricsOperator.Tests.Certificates;

/// <summary>
/// The rotation over several CA and serving lifetimes (short ones) with a fake clock: at no step is the served
/// certificate untrusted by a bundle a client may hold.
/// </summary>
public sealed class CertificateRotationTimelineTests
{
    private static readonly IReadOnlyList<string> Names = ServingCertificateDnsNames.For("metrics-operator", "monitoring", "cluster.local");

    [Test]
    public void Reconciling_every_20_seconds_over_four_CA_lifetimes_never_serves_an_untrusted_certificate()
    {
        var policy = new CertificatePolicy(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10), null, TimeSpan.FromMinutes(1));

        var timeline = new RotationTimeline(policy, Names).Run(TimeSpan.FromHours(2), (now, _) => now.AddSeconds(20));

        Assert.That(timeline.Violations, Is.Empty);
        Assert.Multiple(() =>
        {
            // CA due at 20 min of 30 (with the backdate: 3 min), then every 20 min of the new CA's life.
            Assert.That(timeline.Count(CertificateChange.CARotationStarted), Is.GreaterThanOrEqualTo(5));
            Assert.That(timeline.Count(CertificateChange.ServingCertificateSwitchedToNewCA), Is.EqualTo(timeline.Count(CertificateChange.CARotationStarted)));
            Assert.That(timeline.Count(CertificateChange.PreviousCARetired), Is.EqualTo(timeline.Count(CertificateChange.CARotationStarted)));
            Assert.That(timeline.Count(CertificateChange.ServingCertificateRenewed), Is.GreaterThan(0));
            Assert.That(timeline.Count(CertificateChange.CertificateIssued), Is.EqualTo(1));
            Assert.That(timeline.Count(CertificateChange.CertificateMaterialInvalid), Is.Zero);
        });
    }

    [Test]
    public void Reconciling_only_when_requeued_follows_each_phase_one_propagation_delay_apart()
    {
        var policy = new CertificatePolicy(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(12), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(2));

        var timeline = new RotationTimeline(policy, Names).Run(TimeSpan.FromHours(3), (_, review) => review);

        Assert.That(timeline.Violations, Is.Empty);
        var rotation = timeline.Changes
            .Where(change => change.Change.Reason is CertificateChange.CARotationStarted or CertificateChange.ServingCertificateSwitchedToNewCA or CertificateChange.PreviousCARetired)
            .ToList();
        Assert.That(rotation, Has.Count.GreaterThanOrEqualTo(9));
        for (var i = 0; i + 2 < rotation.Count; i += 3)
        {
            Assert.Multiple(() =>
            {
                Assert.That(rotation[i].Change.Reason, Is.EqualTo(CertificateChange.CARotationStarted));
                Assert.That(rotation[i + 1].Change.Reason, Is.EqualTo(CertificateChange.ServingCertificateSwitchedToNewCA));
                Assert.That(rotation[i + 2].Change.Reason, Is.EqualTo(CertificateChange.PreviousCARetired));
                Assert.That(rotation[i + 1].At - rotation[i].At, Is.EqualTo(policy.BundlePropagationDelay));
                Assert.That(rotation[i + 2].At - rotation[i + 1].At, Is.EqualTo(policy.BundlePropagationDelay));
            });
        }

        // Requeued exactly when due: a handful of reconciles per renewal, not a busy loop.
        Assert.That(timeline.Steps, Is.LessThan(100));
    }

    [Test]
    public void A_serving_lifetime_longer_than_the_CA_is_capped_and_still_rotates_without_distrust()
    {
        var policy = new CertificatePolicy(TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), null, TimeSpan.FromSeconds(30));

        var timeline = new RotationTimeline(policy, Names).Run(TimeSpan.FromHours(1), (now, _) => now.AddSeconds(10));

        Assert.That(timeline.Violations, Is.Empty);
        Assert.That(timeline.Count(CertificateChange.PreviousCARetired), Is.GreaterThanOrEqualTo(3));
    }

    // The policies behind the property's counterexamples (CA validity, serving validity, propagation delay) with the
    // longest renewBefore still accepted: the next CA falls due one second after the previous one is retired.
    [TestCase(420, 420, 87)]
    [TestCase(720, 936, 64)]
    [TestCase(360, 468, 62)]
    public void At_the_longest_accepted_lead_time_each_rotation_ends_before_the_next_begins(int caSeconds, int servingSeconds, int delaySeconds)
    {
        var delay = TimeSpan.FromSeconds(delaySeconds);
        var lead = TimeSpan.FromSeconds(caSeconds) - (2 * delay) - TimeSpan.FromSeconds(1);
        var policy = new CertificatePolicy(TimeSpan.FromSeconds(caSeconds), TimeSpan.FromSeconds(servingSeconds), lead, delay);

        var whenDue = new RotationTimeline(policy, Names).Run(policy.CaValidity * 3, (_, review) => review);
        var often = new RotationTimeline(policy, Names).Run(policy.CaValidity * 3, (now, _) => now.AddSeconds(7));

        Assert.Multiple(() =>
        {
            Assert.That(policy.Validate(), Is.Empty);
            Assert.That((policy with { RenewBefore = lead + TimeSpan.FromSeconds(1) }).Validate(), Has.Count.EqualTo(1));
            Assert.That(whenDue.Violations, Is.Empty);
            Assert.That(often.Violations, Is.Empty);
            Assert.That(whenDue.Count(CertificateChange.PreviousCARetired), Is.GreaterThanOrEqualTo(3));
            Assert.That(often.Count(CertificateChange.PreviousCARetired), Is.GreaterThanOrEqualTo(3));
        });
    }

    [Test]
    public void A_serving_lifetime_shorter_than_the_propagation_delay_is_renewed_on_schedule_until_the_switch()
    {
        // The planner used to renew such a certificate as soon as the next CA was published and, the new one expiring
        // before the switch too, again on every reconcile.
        var policy = new CertificatePolicy(TimeSpan.FromMinutes(6), TimeSpan.FromSeconds(72), null, TimeSpan.FromSeconds(90));

        var timeline = new RotationTimeline(policy, Names).Run(policy.CaValidity * 3, (_, review) => review);

        Assert.That(timeline.Violations, Is.Empty);
        Assert.Multiple(() =>
        {
            Assert.That(timeline.Count(CertificateChange.PreviousCARetired), Is.GreaterThanOrEqualTo(2));
            Assert.That(timeline.Changes.Where(change => change.Change.Message.Contains("before the switch to the next CA", StringComparison.Ordinal)), Is.Not.Empty);
        });
    }

    // Unseeded: every run tries new policies and reconcile times; a failure names its Replay seed to reproduce it.
    // Thousands of cases pass locally; a few per run keep the suite fast.
    [FsCheck.NUnit.Property(MaxTest = 10)]
    public Property No_served_certificate_is_ever_untrusted_for_random_lifetimes_and_reconcile_times() =>
        Prop.ForAll(Policies().ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (policy, seed) =>
        {
            var random = new Random(seed);
            var timeline = new RotationTimeline(policy, Names).Run(
                policy.CaValidity * 3,
                (now, review) => now + TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((review - now).TotalSeconds * random.NextDouble()))),
                until: run => run.Count(CertificateChange.PreviousCARetired) >= 2);
            return timeline.Violations.Count == 0 && timeline.Count(CertificateChange.PreviousCARetired) >= 2;
        });

    // Lifetimes of minutes, lead times up to nearly the shorter one and delays up to half the CA's lifetime, fractions
    // of a second included: whatever Validate() accepts must rotate cleanly. (Leads closer to the lifetime renew the
    // serving certificate every few seconds, thousands of times a run; the unit tests take that boundary.)
    private static Gen<CertificatePolicy> Policies() =>
        from caSeconds in Gen.Choose(360, 3600)
        from servingPermille in Gen.Choose(150, 1500)
        from delaySeconds in Gen.Choose(5, 180)
        from leadPermille in Gen.Choose(0, 950)
        let ca = TimeSpan.FromSeconds(caSeconds)
        let serving = ca * servingPermille / 1000
        let delay = TimeSpan.FromSeconds(Math.Min(delaySeconds, (ca / 2).TotalSeconds))
        let lead = leadPermille == 0 ? (TimeSpan?)null : (ca < serving ? ca : serving) * leadPermille / 1000
        select new CertificatePolicy(ca, serving, lead, delay) into policy
        where policy.Validate().Count == 0
        select policy;
}
