namespace MetricsOperator.Certificates;

/// <summary>
/// Where a CA rotation stands. Each step is published (CA bundle in the APIService and the serving Secret) and
/// left alone for <see cref="CertificatePolicy.BundlePropagationDelay"/> before the next, so every client always
/// trusts the CA of whichever serving certificate it meets:
/// <code>
///   Stable [current]
///     -- CA due --> NextCaPublished [current, next]        serving cert still from current
///     -- delay  --> ServingSwitched [previous, current]    serving cert re-issued from the new current
///     -- delay  --> Stable [current]                       previous CA dropped
/// </code>
/// The serving certificate is always issued by the current CA, which is in every bundle.
/// </summary>
internal enum CaRotationPhase
{
    /// <summary>One CA; the bundle holds only it.</summary>
    Stable,

    /// <summary>The next CA is in the bundle next to the current one, waiting to be trusted everywhere.</summary>
    NextCaPublished,

    /// <summary>The serving certificate comes from the new CA; the previous one stays trusted a while longer.</summary>
    ServingSwitched,
}
