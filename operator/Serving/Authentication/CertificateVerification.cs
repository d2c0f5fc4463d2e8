namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// The result of verifying a client certificate against one CA bundle, and the period over which it holds: a valid
/// result for the chain's common validity period, a refusal until the certificate (or a CA) becomes valid, or for
/// good. <see cref="Subject"/> is read once here, so requests on the same connection need not parse it again.
/// </summary>
internal sealed record CertificateVerification(string? Error, CertificateSubject Subject, DateTimeOffset HoldsFrom, DateTimeOffset HoldsUntil)
{
    public bool IsValid => Error is null;

    public static CertificateVerification Valid(CertificateSubject subject, DateTimeOffset validFrom, DateTimeOffset validUntil) =>
        new(null, subject, validFrom, validUntil);

    /// <param name="error">The full reason, naming the certificate.</param>
    /// <param name="recheckAt">When time could change the outcome (a not-yet-valid certificate); otherwise never.</param>
    public static CertificateVerification Invalid(string error, DateTimeOffset recheckAt) =>
        new(error, default, DateTimeOffset.MinValue, recheckAt);

    /// <summary>True while this result still holds at <paramref name="now"/>.</summary>
    public bool HoldsAt(DateTimeOffset now) => now >= HoldsFrom && (IsValid ? now <= HoldsUntil : now < HoldsUntil);
}
