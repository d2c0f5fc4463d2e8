namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// The result of verifying a client certificate: valid between <see cref="ValidFrom"/> and <see cref="ValidUntil"/>
/// (the intersection of the chain's validity periods), or invalid with a Go-style <see cref="Error"/>.
/// </summary>
internal sealed record CertificateVerification(string? Error, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil)
{
    public bool IsValid => Error is null;

    public static CertificateVerification Valid(DateTimeOffset validFrom, DateTimeOffset validUntil) => new(null, validFrom, validUntil);

    public static CertificateVerification Invalid(string error) => new(error, DateTimeOffset.MinValue, DateTimeOffset.MinValue);

    /// <summary>True while a valid result still holds at <paramref name="now"/>.</summary>
    public bool HoldsAt(DateTimeOffset now) => IsValid && now >= ValidFrom && now <= ValidUntil;
}
