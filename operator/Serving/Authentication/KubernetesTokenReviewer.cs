using k8s.Models;
using MetricsOperator.Kubernetes.Apply;

namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// <see cref="ITokenReviewer"/> through the API server's TokenReview endpoint (needs <c>system:auth-delegator</c>).
/// An error answer throws <see cref="Kubernetes.ListWatch.KubernetesApiException"/> (status and the server's message);
/// an unreachable server throws the <see cref="HttpRequestException"/>. The authenticator turns either into a refusal.
/// </summary>
internal sealed class KubernetesTokenReviewer : ITokenReviewer
{
    private readonly IKubernetesResourceClient _client;

    public KubernetesTokenReviewer(IKubernetesResourceClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    public async Task<TokenReviewResult> ReviewAsync(string token, IReadOnlyList<string> audiences, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentNullException.ThrowIfNull(audiences);
        var review = new V1TokenReview
        {
            ApiVersion = "authentication.k8s.io/v1",
            Kind = "TokenReview",
            Spec = new V1TokenReviewSpec { Token = token, Audiences = audiences.Count > 0 ? [.. audiences] : null },
        };
        var answer = await _client.CreateAsync(review, cancellationToken).ConfigureAwait(false);
        var status = answer.Status ?? throw new InvalidDataException("the TokenReview response carries no status");
        if (status.Authenticated != true)
        {
            return TokenReviewResult.Rejected(status.Error);
        }

        if (string.IsNullOrEmpty(status.User?.Username))
        {
            throw new InvalidDataException("the TokenReview authenticated the token but names no user");
        }

        var extra = status.User.Extra?.ToDictionary(
            pair => pair.Key,
            pair => (IReadOnlyList<string>)[.. pair.Value ?? []],
            StringComparer.Ordinal);
        var user = new KubernetesUser(status.User.Username, [.. status.User.Groups ?? []], status.User.Uid, extra);
        return new TokenReviewResult(true, user, [.. status.Audiences ?? []], status.Error);
    }
}
