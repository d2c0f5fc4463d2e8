namespace MetricsOperator.Certificates;

/// <summary>
/// Lifetimes and renewal timing of the operator's CA and serving certificate. A certificate is renewed
/// <see cref="RenewBefore"/> before it expires, or at two thirds of its lifetime when no lead time is given. A usable
/// policy (<see cref="Validate"/>) lets each CA rotation end before the next CA falls due, and no certificate fall due
/// as soon as it is issued.
/// </summary>
/// <param name="CaValidity">Lifetime of a newly generated CA.</param>
/// <param name="ServingValidity">Lifetime of a newly issued serving certificate (never beyond its CA's expiry).</param>
/// <param name="RenewBefore">Lead time before expiry at which both certificates are renewed; null for two thirds of the lifetime.</param>
/// <param name="BundlePropagationDelay">
/// How long a published CA bundle is given to reach every client before the serving certificate relies on it
/// (and before a CA is dropped from it).
/// </param>
internal sealed record CertificatePolicy(TimeSpan CaValidity, TimeSpan ServingValidity, TimeSpan? RenewBefore, TimeSpan BundlePropagationDelay)
{
    public static readonly TimeSpan DefaultCaValidity = TimeSpan.FromDays(5 * 365);
    public static readonly TimeSpan DefaultServingValidity = TimeSpan.FromDays(365);
    public static readonly TimeSpan DefaultBundlePropagationDelay = TimeSpan.FromMinutes(1);

    // Issuance truncates the clock to whole seconds (X.509 times have no fractions), so a certificate may expire up
    // to a second sooner after its issuance than its validity says.
    private static readonly TimeSpan IssuanceTruncation = TimeSpan.FromSeconds(1);

    /// <summary>5 years of CA, 1 year of serving certificate, renewal at two thirds, one minute of propagation.</summary>
    public static CertificatePolicy Default { get; } =
        new(DefaultCaValidity, DefaultServingValidity, null, DefaultBundlePropagationDelay);

    /// <summary>The lead time before expiry at which a certificate of this lifetime is renewed.</summary>
    public TimeSpan RenewalLead(TimeSpan lifetime) => RenewBefore ?? lifetime / 3;

    /// <summary>When a certificate valid from <paramref name="notBefore"/> to <paramref name="notAfter"/> is due.</summary>
    public DateTimeOffset RenewalTime(DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        notAfter - RenewalLead(notAfter - notBefore);

    /// <summary>
    /// When a certificate is due under this policy, whose lifetime for such a certificate is <paramref name="validity"/>.
    /// One that lives longer than this policy would issue it (the validity was shortened since) is treated as if issued
    /// with the policy's lifetime, so that a shorter validity takes effect without waiting out the old certificate.
    /// </summary>
    public DateTimeOffset RenewalTime(DateTimeOffset notBefore, DateTimeOffset notAfter, TimeSpan validity)
    {
        // Issued certificates are backdated by up to a tenth of their lifetime (at most 5 minutes); a second of slack
        // absorbs the truncation to whole seconds.
        var longest = validity + Min(validity / 10, TimeSpan.FromMinutes(5)) + TimeSpan.FromSeconds(1);
        return notAfter - notBefore > longest ? RenewalTime(notBefore, notBefore + longest) : RenewalTime(notBefore, notAfter);
    }

    /// <summary>
    /// How long a CA rotation takes: the bundle with the next CA propagates, then the serving certificate issued by it
    /// does before the previous CA leaves the bundle.
    /// </summary>
    public TimeSpan RotationDuration => 2 * BundlePropagationDelay;

    /// <summary>
    /// The least time from issuing a certificate of this <paramref name="validity"/> (not clipped to its CA) to its
    /// renewal, whatever the fraction of a second it is issued at.
    /// </summary>
    public TimeSpan RenewalAge(TimeSpan validity)
    {
        // Valid from (issuance − backdate) to (issuance + validity), both truncated to the second.
        var lifetime = CertificateIssuer.Lifetime(validity);
        return lifetime - CertificateIssuer.Backdate(validity) - RenewalLead(lifetime) - IssuanceTruncation;
    }

    /// <summary>Every problem of this policy, each naming the field; empty when it is usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (CaValidity <= TimeSpan.Zero)
        {
            errors.Add($"CaValidity must be positive, got {CaValidity}");
        }

        if (ServingValidity <= TimeSpan.Zero)
        {
            errors.Add($"ServingValidity must be positive, got {ServingValidity}");
        }

        if (BundlePropagationDelay <= TimeSpan.Zero)
        {
            errors.Add($"BundlePropagationDelay must be positive, got {BundlePropagationDelay}");
        }

        if (RenewBefore is { } lead)
        {
            if (lead <= TimeSpan.Zero)
            {
                errors.Add($"RenewBefore must be positive when set, got {lead}");
            }

            // A lead as long as the lifetime would make every new certificate due at once, renewing forever.
            if (ServingValidity > TimeSpan.Zero && lead >= ServingValidity)
            {
                errors.Add($"RenewBefore ({lead}) must be shorter than ServingValidity ({ServingValidity})");
            }

            if (CaValidity > TimeSpan.Zero && lead >= CaValidity)
            {
                errors.Add($"RenewBefore ({lead}) must be shorter than CaValidity ({CaValidity})");
            }
        }

        // The serving certificate switches to the next CA one propagation delay after the rotation starts; the
        // current CA must still be valid then, or clients would meet an expired issuer.
        if (errors.Count == 0 && RenewalLead(CaValidity) <= BundlePropagationDelay)
        {
            errors.Add($"the CA's renewal lead time ({RenewalLead(CaValidity)}) must exceed BundlePropagationDelay ({BundlePropagationDelay})");
        }

        // A new CA due before its own rotation has ended (the previous CA retired) would have to start the next
        // rotation in the middle of this one.
        if (errors.Count == 0 && RenewalAge(CaValidity) < RotationDuration)
        {
            errors.Add(
                $"a new CA would be due for renewal {RenewalAge(CaValidity)} after its issuance, before its rotation ends " +
                $"(twice BundlePropagationDelay, {RotationDuration}): CaValidity ({CaValidity}) must exceed the CA's renewal lead time " +
                $"({RenewalLead(CertificateIssuer.Lifetime(CaValidity))}) by more");
        }

        // A serving certificate due as soon as it is issued would be renewed on every reconcile.
        if (errors.Count == 0 && RenewalAge(ServingValidity) <= TimeSpan.Zero)
        {
            errors.Add(
                $"a serving certificate would be due for renewal as soon as it is issued: ServingValidity ({ServingValidity}) must exceed " +
                $"its renewal lead time ({RenewalLead(CertificateIssuer.Lifetime(ServingValidity))}) by more than a second");
        }

        return errors;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
