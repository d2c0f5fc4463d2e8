using k8s.Models;

namespace MetricsOperator.SimulatedCluster.Security;

/// <summary>The 403 Status kube-apiserver answers a denied request with, message and details included.</summary>
internal static class ForbiddenStatus
{
    /// <summary><c>User "u" cannot list resource "pods" in API group "" in the namespace "ns"</c> and its variants.</summary>
    public static string Describe(UserIdentity user, RequestAttributes attributes)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(attributes);
        if (!attributes.IsResourceRequest)
        {
            return $"User \"{user.Name}\" cannot {attributes.Verb} path \"{attributes.Path}\"";
        }

        var resource = string.IsNullOrEmpty(attributes.Subresource) ? attributes.Resource : attributes.Resource + "/" + attributes.Subresource;
        var scope = string.IsNullOrEmpty(attributes.Namespace) ? "at the cluster scope" : $"in the namespace \"{attributes.Namespace}\"";
        return $"User \"{user.Name}\" cannot {attributes.Verb} resource \"{resource}\" in API group \"{attributes.ApiGroup}\" {scope}";
    }

    public static V1Status For(UserIdentity user, RequestAttributes attributes, string reason)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var cause = Describe(user, attributes);
        if (!string.IsNullOrEmpty(reason))
        {
            cause += ": " + reason;
        }

        var resource = attributes.IsResourceRequest ? attributes.Resource : string.Empty;
        var group = attributes.IsResourceRequest ? attributes.ApiGroup : string.Empty;
        return Create(group, resource, attributes.IsResourceRequest ? attributes.Name : null, cause);
    }

    /// <summary>apierrors.NewForbidden: <c>&lt;resource&gt;[.group] ["name"] is forbidden: cause</c>.</summary>
    public static V1Status Create(string group, string resource, string? name, string cause)
    {
        var qualified = string.IsNullOrEmpty(group) ? resource : resource + "." + group;
        var message = string.IsNullOrEmpty(qualified) ? "forbidden: " + cause
            : string.IsNullOrEmpty(name) ? $"{qualified} is forbidden: {cause}"
            : $"{qualified} \"{name}\" is forbidden: {cause}";
        return new V1Status
        {
            ApiVersion = "v1",
            Kind = "Status",
            Metadata = new V1ListMeta(),
            Status = "Failure",
            Message = message,
            Reason = "Forbidden",
            Details = new V1StatusDetails { Group = group, Kind = resource, Name = string.IsNullOrEmpty(name) ? null : name },
            Code = 403,
        };
    }

    /// <summary>The 401 kube-apiserver answers a request whose credentials are not valid with.</summary>
    public static V1Status Unauthorized() => new()
    {
        ApiVersion = "v1",
        Kind = "Status",
        Metadata = new V1ListMeta(),
        Status = "Failure",
        Message = "Unauthorized",
        Reason = "Unauthorized",
        Code = 401,
    };
}
