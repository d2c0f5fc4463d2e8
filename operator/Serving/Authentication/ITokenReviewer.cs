namespace MetricsOperator.Serving.Authentication;

/// <summary>Asks the API server who a bearer token belongs to (a TokenReview, authentication.k8s.io/v1).</summary>
internal interface ITokenReviewer
{
    /// <summary>
    /// Reviews <paramref name="token"/> for <paramref name="audiences"/> (empty: the API server's own). Throws when
    /// the review could not be made (network, API errors); a token the API server rejects is a result, not an error.
    /// </summary>
    Task<TokenReviewResult> ReviewAsync(string token, IReadOnlyList<string> audiences, CancellationToken cancellationToken);
}

/// <summary>A TokenReview's status: the user when authenticated, the audiences the token is valid for, the server's error text.</summary>
internal sealed record TokenReviewResult(bool Authenticated, KubernetesUser? User, IReadOnlyList<string> Audiences, string? Error)
{
    public static TokenReviewResult Rejected(string? error) => new(false, null, [], error);
}
