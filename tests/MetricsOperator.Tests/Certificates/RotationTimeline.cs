using System.Security.Cryptography.X509Certificates;
using MetricsOperator.Certificates;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Certificates;

/// <summary>
/// Runs the planner as the reconciler would over a long stretch of fake time: plan, store the material in Secret
/// data and read it back, publish the bundle, requeue, and check at every step that no client can meet a serving
/// certificate it does not trust. A client (the aggregation layer) may hold any bundle published within the last
/// <see cref="CertificatePolicy.BundlePropagationDelay"/>, or the one in effect before that; the serving pods may
/// still serve the previous step's certificate while the new bundle is already out.
/// </summary>
internal sealed class RotationTimeline(CertificatePolicy policy, IReadOnlyList<string> dnsNames)
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<(DateTimeOffset At, IReadOnlyList<X509Certificate2> Bundle)> _published = [];
    private readonly CachedTrust _trust = new();

    public List<string> Violations { get; } = [];

    public List<(DateTimeOffset At, CertificateChange Change)> Changes { get; } = [];

    public int Steps { get; private set; }

    /// <summary>
    /// Runs until <paramref name="duration"/> has passed (or <paramref name="until"/> holds); <paramref name="nextStep"/>
    /// picks the next reconcile time from (now, NextReviewAt), never later than NextReviewAt since the reconciler
    /// requeues then.
    /// </summary>
    public RotationTimeline Run(TimeSpan duration, Func<DateTimeOffset, DateTimeOffset, DateTimeOffset> nextStep, Func<RotationTimeline, bool>? until = null)
    {
        var clock = new FakeTimeProvider(Start);
        var planner = new CertificateRotationPlanner(clock);
        var end = Start + duration;
        CertificateMaterial? material = null;
        while (clock.GetUtcNow() < end && Violations.Count == 0)
        {
            var now = clock.GetUtcNow();
            Steps++;

            // Before this reconcile: what is served must still verify against what clients may hold.
            if (material is not null)
            {
                CheckAgainstHeldBundles(material.Serving.Certificate, now, "before the plan");
            }

            var plan = planner.Plan(material, policy, dnsNames);
            Changes.AddRange(plan.Changes.Select(change => (now, change)));
            var stored = CertificateMaterial.FromSecretData(plan.Material.ToCaSecretData(), plan.Material.ToServingSecretData(), out var problem);
            if (stored is null)
            {
                Violations.Add($"{now:u}: the stored material does not read back: {problem}");
                break;
            }

            var again = planner.Plan(stored, policy, dnsNames);
            if (again.Changed)
            {
                Violations.Add($"{now:u}: a second plan at the same time changed again: {string.Join("; ", again.Changes)}");
            }

            if (plan.NextReviewAt <= now)
            {
                Violations.Add($"{now:u}: NextReviewAt {plan.NextReviewAt:u} is not in the future");
                break;
            }

            _published.Add((now, stored.CaBundle));
            CheckAgainstHeldBundles(stored.Serving.Certificate, now, "newly served");
            if (material is not null)
            {
                Check(material.Serving.Certificate, stored.CaBundle, now, "previously served, new bundle");
            }

            material = stored;
            if (until?.Invoke(this) == true)
            {
                break;
            }

            var next = nextStep(now, plan.NextReviewAt);
            clock.SetUtcNow(next > plan.NextReviewAt ? plan.NextReviewAt : next);
        }

        return this;
    }

    public int Count(string reason) => Changes.Count(change => change.Change.Reason == reason);

    private void CheckAgainstHeldBundles(X509Certificate2 served, DateTimeOffset now, string what)
    {
        var horizon = now - policy.BundlePropagationDelay;
        var inEffect = _published.FindLastIndex(entry => entry.At <= horizon);
        for (var i = Math.Max(inEffect, 0); i < _published.Count; i++)
        {
            Check(served, _published[i].Bundle, now, $"{what}, bundle published at {_published[i].At:u}");
        }
    }

    private void Check(X509Certificate2 served, IReadOnlyList<X509Certificate2> bundle, DateTimeOffset now, string what)
    {
        if (_trust.Problem(served, bundle, now) is { } problem)
        {
            Violations.Add($"{now:u} ({what}): {problem}");
        }
    }
}
