using k8s.Models;
using MetricsOperator.SimulatedCluster.Security;

namespace MetricsOperator.SimulatedCluster.Kubelets;

/// <summary>
/// What a kubelet running webhook authentication and authorization asks the API server about a bearer token: a
/// TokenReview, then a SubjectAccessReview for <c>get nodes/metrics</c> (the kubelet's mapping of
/// <c>/metrics/*</c>). Plugs into the farm's <c>KubeletFarmOptions.TokenValidator</c>; the farm answers any refusal
/// with 401 (it does not tell a failed authorization, 403 on a real kubelet, apart).
/// </summary>
internal sealed class KubeletWebhookAuth
{
    private readonly TokenReviewHandler _tokenReviews;
    private readonly SubjectAccessReviewHandler _accessReviews;

    public KubeletWebhookAuth(TokenReviewHandler tokenReviews, SubjectAccessReviewHandler accessReviews)
    {
        _tokenReviews = tokenReviews;
        _accessReviews = accessReviews;
    }

    public ValueTask<bool> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (string.IsNullOrEmpty(token))
        {
            return ValueTask.FromResult(false);
        }

        var review = _tokenReviews.Review(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = token } }).Response;
        if (review?.Status is not { Authenticated: true, User: { } user })
        {
            return ValueTask.FromResult(false);
        }

        var access = _accessReviews.Review(new V1SubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec
            {
                User = user.Username,
                Groups = user.Groups,
                Uid = user.Uid,
                ResourceAttributes = new V1ResourceAttributes { Verb = "get", Version = "v1", Resource = "nodes", Subresource = "metrics" },
            },
        }).Response;
        return ValueTask.FromResult(access?.Status?.Allowed == true);
    }
}
