using k8s.Models;

namespace MetricsOperator.SimulatedCluster.Security;

/// <summary>Answers <c>create subjectaccessreviews.authorization.k8s.io</c> from the stand-in's own authorizer.</summary>
internal sealed class SubjectAccessReviewHandler
{
    private const string Group = "authorization.k8s.io";
    private const string Kind = "SubjectAccessReview";

    private readonly IRequestAuthorizer _authorizer;

    public SubjectAccessReviewHandler(IRequestAuthorizer authorizer)
    {
        _authorizer = authorizer;
    }

    public ReviewResult<V1SubjectAccessReview> Review(V1SubjectAccessReview review)
    {
        ArgumentNullException.ThrowIfNull(review);
        var spec = review.Spec ?? new V1SubjectAccessReviewSpec();
        if (spec.ResourceAttributes is not null && spec.NonResourceAttributes is not null)
        {
            return ReviewResult<V1SubjectAccessReview>.Invalid(Kind, Group, "spec.nonResourceAttributes", "{}", "cannot be specified in combination with resourceAttributes");
        }

        if (spec.ResourceAttributes is null && spec.NonResourceAttributes is null)
        {
            return ReviewResult<V1SubjectAccessReview>.Invalid(Kind, Group, "spec.resourceAttributes", "null", "exactly one of nonResourceAttributes or resourceAttributes must be specified");
        }

        if (string.IsNullOrEmpty(spec.User) && spec.Groups is not { Count: > 0 })
        {
            return ReviewResult<V1SubjectAccessReview>.Invalid(Kind, Group, "spec.user", spec.User ?? string.Empty, "at least one of user or group must be specified");
        }

        var user = new UserIdentity(spec.User ?? string.Empty, [.. spec.Groups ?? []], spec.Uid);
        var attributes = spec.ResourceAttributes is { } resource
            ? new RequestAttributes(
                resource.Verb ?? string.Empty,
                resource.Group ?? string.Empty,
                resource.Version ?? string.Empty,
                resource.Resource ?? string.Empty,
                resource.Subresource ?? string.Empty,
                string.IsNullOrEmpty(resource.NamespaceProperty) ? null : resource.NamespaceProperty,
                string.IsNullOrEmpty(resource.Name) ? null : resource.Name,
                IsResourceRequest: true,
                Path: string.Empty)
            : new RequestAttributes(spec.NonResourceAttributes!.Verb ?? string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, null, null, IsResourceRequest: false, spec.NonResourceAttributes.Path ?? string.Empty);

        var decision = _authorizer.Authorize(user, attributes);
        return ReviewResult<V1SubjectAccessReview>.Ok(new V1SubjectAccessReview
        {
            ApiVersion = Group + "/v1",
            Kind = Kind,
            Metadata = review.Metadata ?? new V1ObjectMeta(),
            Spec = spec,
            Status = new V1SubjectAccessReviewStatus
            {
                Allowed = decision.Allowed,
                Reason = string.IsNullOrEmpty(decision.Reason) ? null : decision.Reason,
            },
        });
    }
}
