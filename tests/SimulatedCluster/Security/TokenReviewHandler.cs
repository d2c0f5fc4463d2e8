using k8s.Models;

namespace MetricsOperator.SimulatedCluster.Security;

/// <summary>Answers <c>create tokenreviews.authentication.k8s.io</c> from the stand-in's own token authenticator.</summary>
internal sealed class TokenReviewHandler
{
    private readonly ServiceAccountTokenAuthenticator _tokens;

    public TokenReviewHandler(ServiceAccountTokenAuthenticator tokens)
    {
        _tokens = tokens;
    }

    public ReviewResult<V1TokenReview> Review(V1TokenReview review)
    {
        ArgumentNullException.ThrowIfNull(review);
        var token = review.Spec?.Token;
        if (string.IsNullOrEmpty(token))
        {
            return ReviewResult<V1TokenReview>.BadRequest("token is required for TokenReview in authentication");
        }

        var user = _tokens.Authenticate(token);
        var status = user is null
            ? new V1TokenReviewStatus { Authenticated = false, User = new V1UserInfo(), Error = "invalid bearer token" }
            : new V1TokenReviewStatus
            {
                Authenticated = true,
                User = new V1UserInfo { Username = user.Name, Groups = [.. user.Groups], Uid = user.Uid },
                Audiences = review.Spec!.Audiences is { Count: > 0 } audiences ? [.. audiences] : null,
            };

        return ReviewResult<V1TokenReview>.Ok(new V1TokenReview
        {
            ApiVersion = "authentication.k8s.io/v1",
            Kind = "TokenReview",
            Metadata = review.Metadata ?? new V1ObjectMeta(),
            Spec = review.Spec,
            Status = status,
        });
    }
}
