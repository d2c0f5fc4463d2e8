namespace MetricsOperator.Certificates;

/// <summary>
/// The material to publish, what changed (empty when nothing did), and the earliest time a new plan would differ:
/// the reconciler requeues at <see cref="NextReviewAt"/>.
/// </summary>
internal sealed record CertificatePlan(CertificateMaterial Material, IReadOnlyList<CertificateChange> Changes, DateTimeOffset NextReviewAt)
{
    public bool Changed => Changes.Count > 0;
}
