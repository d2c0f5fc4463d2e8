using k8s.Models;
using MetricsOperator.Kubernetes.Apply;

namespace MetricsOperator.Serving.Authorization;

/// <summary>
/// <see cref="ISubjectAccessReviewer"/> through the API server's SubjectAccessReview endpoint (needs <c>system:auth-delegator</c>).
/// An error answer throws <see cref="Kubernetes.ListWatch.KubernetesApiException"/> (status and the server's message);
/// an unreachable server throws the <see cref="HttpRequestException"/>. The middleware answers either with a 500 Status.
/// </summary>
internal sealed class KubernetesSubjectAccessReviewer : ISubjectAccessReviewer
{
    private readonly IKubernetesResourceClient _client;

    public KubernetesSubjectAccessReviewer(IKubernetesResourceClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    public async Task<AccessReviewDecision> ReviewAsync(RequestAttributes attributes, CancellationToken cancellationToken)
    {
        var review = ToReview(attributes);
        var answer = await _client.CreateAsync(review, cancellationToken).ConfigureAwait(false);
        var status = answer.Status ?? throw new InvalidDataException("the SubjectAccessReview response carries no status");
        if (status.Allowed && status.Denied == true)
        {
            throw new InvalidDataException("the SubjectAccessReview returned both allowed and denied");
        }

        return new AccessReviewDecision(status.Allowed, status.Denied == true, string.IsNullOrEmpty(status.Reason) ? null : status.Reason);
    }

    /// <summary>The review the API server's webhook authorizer would send for <paramref name="attributes"/>.</summary>
    public static V1SubjectAccessReview ToReview(RequestAttributes attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var user = attributes.User;
        var spec = new V1SubjectAccessReviewSpec
        {
            User = user.Name,
            Uid = user.Uid,
            Groups = user.Groups.Count > 0 ? [.. user.Groups] : null,
            Extra = user.Extra.Count > 0 ? user.Extra.ToDictionary(pair => pair.Key, pair => (IList<string>)[.. pair.Value]) : null,
        };
        if (attributes.IsResourceRequest)
        {
            spec.ResourceAttributes = new V1ResourceAttributes
            {
                NamespaceProperty = NullIfEmpty(attributes.Namespace),
                Verb = attributes.Verb,
                Group = NullIfEmpty(attributes.ApiGroup),
                Version = NullIfEmpty(attributes.ApiVersion),
                Resource = NullIfEmpty(attributes.Resource),
                Subresource = NullIfEmpty(attributes.Subresource),
                Name = NullIfEmpty(attributes.Name),
            };
        }
        else
        {
            spec.NonResourceAttributes = new V1NonResourceAttributes { Path = attributes.Path, Verb = attributes.Verb };
        }

        return new V1SubjectAccessReview { ApiVersion = "authorization.k8s.io/v1", Kind = "SubjectAccessReview", Spec = spec };
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
