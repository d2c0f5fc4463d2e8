namespace MetricsOperator.Certificates;

/// <summary>
/// Decides the next certificate material from the current one and the clock: first issuance, serving certificate
/// renewal, and the CA rotation of <see cref="CaRotationPhase"/>, at most one rotation step per plan so that each
/// step's bundle is published before the next.
/// </summary>
internal sealed class CertificateRotationPlanner(TimeProvider time)
{
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>Plans from already parsed material; null means none yet (everything is issued).</summary>
    public CertificatePlan Plan(CertificateMaterial? current, CertificatePolicy policy, IReadOnlyList<string> dnsNames)
    {
        var plan = Plan(current?.Authorities, current?.Serving, null, policy, dnsNames);

        // Unchanged material keeps its identity, so callers can compare references.
        return plan.Changed || current is null ? plan : plan with { Material = current };
    }

    /// <summary>
    /// Plans from the two Secrets' data (null when a Secret does not exist). A usable CA is kept even when the
    /// serving Secret is bad (only the serving certificate is re-issued, so trust is never broken); unreadable CA
    /// data is reported as <see cref="CertificateChange.CertificateMaterialInvalid"/> and replaced.
    /// </summary>
    public CertificatePlan PlanFromSecretData(
        IDictionary<string, byte[]>? caSecretData, IDictionary<string, byte[]>? servingSecretData, CertificatePolicy policy, IReadOnlyList<string> dnsNames)
    {
        string? problem = null;
        if (caSecretData is null && servingSecretData is null)
        {
            return Plan(null, null, null, policy, dnsNames);
        }

        if (!CertificateAuthorities.TryParse(caSecretData, out var authorities, out var caProblem))
        {
            return Plan(null, null, caSecretData is null ? null : caProblem, policy, dnsNames);
        }

        KeyedCertificate? serving = null;
        if (servingSecretData is not null && !CertificateMaterial.TryParseServing(servingSecretData, out serving, out problem))
        {
            serving = null;
        }

        return Plan(authorities, serving, problem, policy, dnsNames);
    }

    private CertificatePlan Plan(CertificateAuthorities? authorities, KeyedCertificate? serving, string? problem, CertificatePolicy policy, IReadOnlyList<string> dnsNames)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(dnsNames);
        var policyErrors = policy.Validate();
        if (policyErrors.Count > 0)
        {
            throw new ArgumentException("invalid certificate policy: " + string.Join("; ", policyErrors), nameof(policy));
        }

        if (dnsNames.Count == 0)
        {
            throw new ArgumentException("the serving certificate needs at least one DNS name", nameof(dnsNames));
        }

        var now = _time.GetUtcNow();
        var changes = new List<CertificateChange>();
        if (problem is not null)
        {
            changes.Add(new CertificateChange(CertificateChange.CertificateMaterialInvalid, problem, IsWarning: true));
        }

        if (authorities is not null && now >= authorities.Current.NotAfter)
        {
            // Too late for a seamless rotation: nothing signed by this CA verifies any more.
            changes.Add(new CertificateChange(
                CertificateChange.CertificateMaterialInvalid, $"the CA {authorities.Current.Certificate.Subject} expired at {authorities.Current.NotAfter:O}", IsWarning: true));
            authorities = null;
        }

        if (authorities is null)
        {
            var material = Issue(policy, dnsNames, now);
            changes.Add(new CertificateChange(
                CertificateChange.CertificateIssued,
                $"issued CA {material.Authorities.Current.Certificate.Subject} valid until {material.CaNotAfter:O} and a serving certificate for {string.Join(", ", dnsNames)} valid until {material.ServingNotAfter:O}"));
            return new CertificatePlan(material, changes, NextReviewAt(material, policy, now));
        }

        var next = Rotate(authorities, policy, now, changes);
        var servingNext = serving;
        if (next.Phase == CaRotationPhase.ServingSwitched && authorities.Phase == CaRotationPhase.NextCaPublished)
        {
            servingNext = CertificateIssuer.CreateServing(next.Current, dnsNames, now, policy.ServingValidity);
        }
        else if (ServingProblem(serving, next, policy, dnsNames, now) is { } why)
        {
            servingNext = CertificateIssuer.CreateServing(next.Current, dnsNames, now, policy.ServingValidity);
            changes.Add(new CertificateChange(
                CertificateChange.ServingCertificateRenewed, $"{why}; issued a serving certificate valid until {servingNext.NotAfter:O}"));
        }

        var result = new CertificateMaterial(next, servingNext!);
        return new CertificatePlan(result, changes, NextReviewAt(result, policy, now));
    }

    private static CertificateMaterial Issue(CertificatePolicy policy, IReadOnlyList<string> dnsNames, DateTimeOffset now)
    {
        var ca = CertificateIssuer.CreateCa(now, policy.CaValidity);
        return new CertificateMaterial(CertificateAuthorities.Stable(ca), CertificateIssuer.CreateServing(ca, dnsNames, now, policy.ServingValidity));
    }

    // One step of the CA state machine, if it is due.
    private static CertificateAuthorities Rotate(CertificateAuthorities authorities, CertificatePolicy policy, DateTimeOffset now, List<CertificateChange> changes)
    {
        switch (authorities.Phase)
        {
            case CaRotationPhase.Stable when now >= policy.RenewalTime(authorities.Current.NotBefore, authorities.Current.NotAfter, policy.CaValidity):
                var nextCa = CertificateIssuer.CreateCa(now, policy.CaValidity);
                changes.Add(new CertificateChange(
                    CertificateChange.CARotationStarted,
                    $"CA {authorities.Current.Certificate.Subject} expires at {authorities.Current.NotAfter:O}; published the next CA {nextCa.Certificate.Subject} in the CA bundle next to it"));
                return authorities.StartRotation(nextCa, now);
            case CaRotationPhase.NextCaPublished when now >= authorities.PhaseSince!.Value + policy.BundlePropagationDelay:
                var switched = authorities.SwitchToNext(now);
                changes.Add(new CertificateChange(
                    CertificateChange.ServingCertificateSwitchedToNewCA,
                    $"the bundle with both CAs has been published since {authorities.PhaseSince.Value:O}; the serving certificate is now issued by {switched.Current.Certificate.Subject}"));
                return switched;
            case CaRotationPhase.ServingSwitched when now >= authorities.PhaseSince!.Value + policy.BundlePropagationDelay:
                changes.Add(new CertificateChange(
                    CertificateChange.PreviousCARetired, $"removed the previous CA {authorities.Previous!.Subject} from the CA bundle"));
                return authorities.RetirePrevious();
            default:
                return authorities;
        }
    }

    /// <summary>Why the serving certificate must be re-issued from the current CA, or null when it is fine.</summary>
    private static string? ServingProblem(KeyedCertificate? serving, CertificateAuthorities authorities, CertificatePolicy policy, IReadOnlyList<string> dnsNames, DateTimeOffset now)
    {
        if (serving is null)
        {
            return "no usable serving certificate";
        }

        if (!ServingCertificateInspection.SameDnsNames(serving.Certificate, dnsNames, out var actual))
        {
            return $"the serving certificate is for [{string.Join(", ", actual)}], not [{string.Join(", ", dnsNames)}]";
        }

        if (!ServingCertificateInspection.IsIssuedBy(serving.Certificate, authorities.Current.Certificate))
        {
            return $"the serving certificate does not chain to the current CA {authorities.Current.Certificate.Subject}";
        }

        if (ServingRenewalAt(serving, authorities, policy, now) is not { } due || now < due)
        {
            return null;
        }

        return serving.NotAfter <= SwitchAt(authorities, policy)
            ? $"the serving certificate expires at {serving.NotAfter:O}, before the switch to the next CA; it was due for renewal at {due:O}"
            : $"the serving certificate expiring at {serving.NotAfter:O} was due for renewal at {due:O}";
    }

    /// <summary>
    /// When the serving certificate is to be re-issued by the current CA; null when the CA rotation replaces it
    /// instead: the switch to the next CA comes first, or a certificate issued now would be no better.
    /// </summary>
    private static DateTimeOffset? ServingRenewalAt(KeyedCertificate serving, CertificateAuthorities authorities, CertificatePolicy policy, DateTimeOffset now)
    {
        // A switch to the next CA re-issues it anyway; it is renewed before only if it would not last until then.
        if (SwitchAt(authorities, policy) is { } switchAt && serving.NotAfter > switchAt)
        {
            return null;
        }

        var due = policy.RenewalTime(serving.NotBefore, serving.NotAfter, policy.ServingValidity);
        if (now < due)
        {
            return due;
        }

        // Clipped to a CA near its end, a new certificate may expire no later than this one and be due at once too:
        // re-issuing it on every reconcile would not help, only the CA rotation (due by then) does.
        var (notBefore, notAfter) = CertificateIssuer.ServingWindow(authorities.Current, now, policy.ServingValidity);
        return notAfter > serving.NotAfter || policy.RenewalTime(notBefore, notAfter, policy.ServingValidity) > now ? due : null;
    }

    private static DateTimeOffset? SwitchAt(CertificateAuthorities authorities, CertificatePolicy policy) =>
        authorities.Phase == CaRotationPhase.NextCaPublished ? authorities.PhaseSince!.Value + policy.BundlePropagationDelay : null;

    private static DateTimeOffset NextReviewAt(CertificateMaterial material, CertificatePolicy policy, DateTimeOffset now)
    {
        var authorities = material.Authorities;
        var rotation = authorities.Phase == CaRotationPhase.Stable
            ? policy.RenewalTime(authorities.Current.NotBefore, authorities.Current.NotAfter, policy.CaValidity)
            : authorities.PhaseSince!.Value + policy.BundlePropagationDelay;
        return ServingRenewalAt(material.Serving, authorities, policy, now) is { } serving ? Min(serving, rotation) : rotation;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
