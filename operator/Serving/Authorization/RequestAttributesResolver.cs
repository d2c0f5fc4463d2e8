using MetricsOperator.Kubernetes.Selectors;
using MetricsOperator.Serving.Authentication;

namespace MetricsOperator.Serving.Authorization;

/// <summary>
/// Derives <see cref="RequestAttributes"/> from a request as the API server's request-info resolver does:
/// <c>/apis/{group}/{version}/…</c> and <c>/api/{version}/…</c> with at least a resource are resource requests
/// (<c>namespaces/{ns}/</c> scopes them; then resource, name, subresource); GET of a collection is <c>list</c>, or
/// <c>watch</c> with <c>?watch</c>; an exact <c>metadata.name</c> field selector names the object. Everything else,
/// discovery included, is a non-resource request.
/// </summary>
internal static class RequestAttributesResolver
{
    private static readonly string[] NamespaceSubresources = ["status", "finalize"];

    public static RequestAttributes Resolve(HttpRequest request, KubernetesUser user)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(user);
        var path = request.PathBase.HasValue ? request.PathBase.Add(request.Path).Value! : request.Path.Value;
        path = string.IsNullOrEmpty(path) ? "/" : path;
        var nonResource = new RequestAttributes { User = user, Verb = HttpVerb(request.Method), Path = path };

        var trimmed = path.Trim('/');
        var parts = trimmed.Length == 0 ? [] : trimmed.Split('/');
        if (parts.Length < 3 || parts[0] is not ("api" or "apis"))
        {
            return nonResource;
        }

        var index = 1;
        var group = string.Empty;
        if (parts[0] == "apis")
        {
            // /apis/{group}/{version} without a resource is discovery.
            if (parts.Length < 4)
            {
                return nonResource;
            }

            group = parts[index++];
        }

        var version = parts[index++];
        string verb;
        if (parts[index] is "watch" or "proxy")
        {
            // The deprecated /watch/… and /proxy/… path prefixes name the verb. The API server refuses such a path
            // without a resource; here it stays a non-resource request, which needs its own permission.
            if (parts.Length - index < 2)
            {
                return nonResource;
            }

            verb = parts[index++];
        }
        else
        {
            verb = ResourceVerb(request.Method);
        }

        var scope = string.Empty;
        if (parts[index] == "namespaces" && parts.Length - index > 1)
        {
            scope = parts[index + 1];
            if (parts.Length - index > 2 && !NamespaceSubresources.Contains(parts[index + 2]))
            {
                index += 2;
            }
        }

        var remaining = parts.Length - index;
        var resource = parts[index];
        var name = remaining >= 2 ? parts[index + 1] : string.Empty;
        var subresource = remaining >= 3 && verb != "proxy" ? parts[index + 2] : string.Empty;
        if (name.Length == 0 && verb == "get")
        {
            verb = IsWatch(request) ? "watch" : "list";
            name = NameFromFieldSelector(request);
        }
        else if (name.Length == 0 && verb == "delete")
        {
            verb = "deletecollection";
        }

        return nonResource with
        {
            IsResourceRequest = true,
            Verb = verb,
            ApiGroup = group,
            ApiVersion = version,
            Resource = resource,
            Subresource = subresource,
            Namespace = scope,
            Name = name,
        };
    }

    private static string HttpVerb(string method) => method switch
    {
        "GET" => "get",
        "HEAD" => "head",
        "POST" => "post",
        "PUT" => "put",
        "PATCH" => "patch",
        "DELETE" => "delete",
        "OPTIONS" => "options",
        _ => method.ToLowerInvariant(),
    };

    private static string ResourceVerb(string method) => method switch
    {
        "GET" or "HEAD" => "get",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => "delete",
        _ => string.Empty,
    };

    // A query bool as Kubernetes reads it: present and neither "0" nor "false" (any case) means true, even "?watch".
    private static bool IsWatch(HttpRequest request) =>
        request.Query.TryGetValue("watch", out var values) && values.Count > 0
        && values[0] is { } value && value != "0" && !value.Equals("false", StringComparison.OrdinalIgnoreCase);

    private static string NameFromFieldSelector(HttpRequest request)
    {
        if (!request.Query.TryGetValue("fieldSelector", out var values) || values.Count == 0
            || !FieldSelector.TryParse(values[0], out var selector, out _))
        {
            return string.Empty;
        }

        foreach (var requirement in selector.Requirements)
        {
            if (requirement.Field == SelectableField.Name && !requirement.Negated && IsPathSegmentName(requirement.Value))
            {
                return requirement.Value;
            }
        }

        return string.Empty;
    }

    private static bool IsPathSegmentName(string name) =>
        name is not ("" or "." or "..") && name.IndexOfAny(['/', '%']) < 0;
}
