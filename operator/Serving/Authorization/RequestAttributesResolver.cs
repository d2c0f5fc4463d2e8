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
    // More segments than a resource request can use (api, group, version, namespaces, ns, resource, name, subresource,
    // and the rest uninterpreted): Split stops there and leaves the rest in the last range.
    private const int MaxSegments = 16;

    public static RequestAttributes Resolve(HttpRequest request, KubernetesUser user)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(user);
        var path = request.PathBase.HasValue ? request.PathBase.Add(request.Path).Value! : request.Path.Value;
        path = string.IsNullOrEmpty(path) ? "/" : path;

        // Segments of the path without its outer slashes; a resource request never has more than a handful.
        var start = path.Length - path.AsSpan().TrimStart('/').Length;
        var trimmed = path.AsSpan(start).TrimEnd('/');
        Span<Range> ranges = stackalloc Range[MaxSegments];
        var count = trimmed.IsEmpty ? 0 : trimmed.Split(ranges, '/');
        if (count < 3 || trimmed[ranges[0]] is not ("api" or "apis"))
        {
            return NonResource(request, user, path);
        }

        var parts = new PathSegments(path, start, trimmed, ranges[..count]);
        var index = 1;
        var group = string.Empty;
        if (parts.Is(0, "apis"))
        {
            // /apis/{group}/{version} without a resource is discovery.
            if (count < 4)
            {
                return NonResource(request, user, path);
            }

            group = parts[index++];
        }

        var version = parts[index++];
        string verb;
        if (parts.Is(index, "watch") || parts.Is(index, "proxy"))
        {
            // The deprecated /watch/… and /proxy/… path prefixes name the verb. The API server refuses such a path
            // without a resource; here it stays a non-resource request, which needs its own permission.
            if (count - index < 2)
            {
                return NonResource(request, user, path);
            }

            verb = parts[index++];
        }
        else
        {
            verb = ResourceVerb(request.Method);
        }

        var scope = string.Empty;
        if (parts.Is(index, "namespaces") && count - index > 1)
        {
            scope = parts[index + 1];
            if (count - index > 2 && !parts.Is(index + 2, "status") && !parts.Is(index + 2, "finalize"))
            {
                index += 2;
            }
        }

        var remaining = count - index;
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

        return new RequestAttributes
        {
            User = user,
            Path = path,
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

    private static RequestAttributes NonResource(HttpRequest request, KubernetesUser user, string path) =>
        new() { User = user, Verb = HttpVerb(request.Method), Path = path };

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

    /// <summary>The segments of a path as ranges, turned into strings only when asked for.</summary>
    private readonly ref struct PathSegments(string path, int offset, ReadOnlySpan<char> trimmed, ReadOnlySpan<Range> ranges)
    {
        private readonly int _offset = offset;
        private readonly ReadOnlySpan<char> _trimmed = trimmed;
        private readonly ReadOnlySpan<Range> _ranges = ranges;
        private readonly string _path = path;

        public string this[int index]
        {
            get
            {
                var (start, length) = _ranges[index].GetOffsetAndLength(_trimmed.Length);
                return _path.Substring(_offset + start, length);
            }
        }

        public bool Is(int index, string value) => _trimmed[_ranges[index]].SequenceEqual(value);
    }
}
