using MetricsOperator.Serving.Responses;
namespace MetricsOperator.Serving.Authorization;

/// <summary>
/// The 403 message and Status details the API server gives for a denial (responsewriters.ForbiddenStatusError), e.g.
/// <c>nodes.metrics.k8s.io is forbidden: User "u" cannot list resource "nodes" in API group "metrics.k8s.io" at the
/// cluster scope</c>, with <c>: reason</c> appended when the authorizer gave one.
/// </summary>
internal static class ForbiddenMessage
{
    public static string For(RequestAttributes attributes, string? reason)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var denial = Sanitize(Describe(attributes));
        if (!string.IsNullOrEmpty(reason))
        {
            denial = $"{denial}: {reason}";
        }

        if (!attributes.IsResourceRequest)
        {
            return "forbidden: " + denial;
        }

        var qualified = QualifiedResource(attributes);
        return attributes.Name.Length == 0
            ? $"{qualified} is forbidden: {denial}"
            : $"{qualified} {GoQuotedString.Quote(attributes.Name)} is forbidden: {denial}";
    }

    /// <summary>The Status details: name, group and kind (the resource) for a resource request; nothing otherwise.</summary>
    public static StatusDetails DetailsFor(RequestAttributes attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return attributes.IsResourceRequest
            ? new(attributes.Name, attributes.ApiGroup, attributes.Resource)
            : default;
    }

    private static string Describe(RequestAttributes attributes)
    {
        var user = GoQuotedString.Quote(attributes.User.Name);
        if (!attributes.IsResourceRequest)
        {
            return $"User {user} cannot {attributes.Verb} path {GoQuotedString.Quote(attributes.Path)}";
        }

        var resource = attributes.Subresource.Length == 0 ? attributes.Resource : $"{attributes.Resource}/{attributes.Subresource}";
        var what = $"User {user} cannot {attributes.Verb} resource {GoQuotedString.Quote(resource)} in API group {GoQuotedString.Quote(attributes.ApiGroup)}";
        return attributes.Namespace.Length == 0
            ? what + " at the cluster scope"
            : $"{what} in the namespace {GoQuotedString.Quote(attributes.Namespace)}";
    }

    // schema.GroupResource.String(): "resource.group", or just "resource" for the core group.
    private static string QualifiedResource(RequestAttributes attributes) =>
        attributes.ApiGroup.Length == 0 ? attributes.Resource : $"{attributes.Resource}.{attributes.ApiGroup}";

    // As the API server, so a user name cannot inject markup into a client that renders the message as HTML.
    private static string Sanitize(string message) =>
        message.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);
}
