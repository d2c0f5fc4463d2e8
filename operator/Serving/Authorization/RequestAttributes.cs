using MetricsOperator.Serving.Authentication;

namespace MetricsOperator.Serving.Authorization;

/// <summary>
/// What a request asks to do, in the terms of a SubjectAccessReview (the API server's authorizer.Attributes): for a
/// resource request the API group, version, resource, subresource, namespace, name and a resource verb
/// (get, list, watch, create, …); otherwise the path and the HTTP verb in lower case. Equality is by value,
/// so the attributes serve as the decision cache's key.
/// </summary>
internal sealed record RequestAttributes
{
    public required KubernetesUser User { get; init; }

    public required string Verb { get; init; }

    /// <summary>The request path (always set; a SubjectAccessReview uses it only for non-resource requests).</summary>
    public required string Path { get; init; }

    public bool IsResourceRequest { get; init; }

    public string ApiGroup { get; init; } = string.Empty;

    public string ApiVersion { get; init; } = string.Empty;

    public string Resource { get; init; } = string.Empty;

    public string Subresource { get; init; } = string.Empty;

    public string Namespace { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;
}
