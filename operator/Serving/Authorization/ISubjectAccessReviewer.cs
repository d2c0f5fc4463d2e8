namespace MetricsOperator.Serving.Authorization;

/// <summary>Asks the API server whether a user may do something (a SubjectAccessReview, authorization.k8s.io/v1).</summary>
internal interface ISubjectAccessReviewer
{
    /// <summary>Throws when the review could not be made (network, API errors): the caller must then refuse, never allow.</summary>
    Task<AccessReviewDecision> ReviewAsync(RequestAttributes attributes, CancellationToken cancellationToken);
}

/// <summary>
/// A SubjectAccessReview's status: <see cref="Allowed"/>, or not (explicitly <see cref="Denied"/> or with no
/// opinion, which also refuses), with the authorizer's <see cref="Reason"/>.
/// </summary>
internal sealed record AccessReviewDecision(bool Allowed, bool Denied, string? Reason)
{
    public static AccessReviewDecision Allow(string? reason = null) => new(true, false, reason);

    public static AccessReviewDecision Deny(string? reason = null) => new(false, true, reason);

    public static AccessReviewDecision NoOpinion(string? reason = null) => new(false, false, reason);
}
