namespace MetricsOperator.Certificates;

/// <summary>
/// Lifetimes and renewal timing of the operator's CA and serving certificate. A certificate is renewed
/// <see cref="RenewBefore"/> before it expires, or at two thirds of its lifetime when no lead time is given.
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

        return errors;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
