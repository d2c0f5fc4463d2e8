namespace MetricsOperator.Serving.Diagnostics;

/// <summary>
/// Classifies a request for the request metrics the way the API server labels its own: resource requests on
/// <c>metrics.k8s.io/v1beta1</c> nodes and pods get GET (one object), LIST or WATCH (a collection) or the HTTP
/// method for anything else, with the scope; every other path is a non-resource request labelled only by its
/// method. Unknown resources and methods fold into fixed values, never into caller-chosen text.
/// </summary>
internal static class ApiRequestClassifier
{
    public const string Group = "metrics.k8s.io";
    public const string Version = "v1beta1";

    private const string Prefix = "/apis/metrics.k8s.io/v1beta1/";

    public static ApiRequestAttributes Classify(string method, ReadOnlySpan<char> path, bool watch)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return NonResource(method);
        }

        var rest = path[Prefix.Length..].TrimEnd('/');
        Span<Range> segments = stackalloc Range[6];
        var count = rest.Split(segments, '/');
        var (resource, scope) = count switch
        {
            1 => (Resource(rest[segments[0]]), "cluster"),
            2 when rest[segments[0]].SequenceEqual("nodes") => ("nodes", "resource"),
            3 when rest[segments[0]].SequenceEqual("namespaces") && rest[segments[2]].SequenceEqual("pods") => ("pods", "namespace"),
            4 when rest[segments[0]].SequenceEqual("namespaces") && rest[segments[2]].SequenceEqual("pods") => ("pods", "resource"),
            _ => (null, string.Empty),
        };
        if (resource is null || HasEmptySegment(rest, segments[..count]))
        {
            return NonResource(method);
        }

        var verb = HttpVerb(method) switch
        {
            "GET" when watch => "WATCH",
            "GET" when scope != "resource" => "LIST",
            var other => other,
        };
        return new ApiRequestAttributes(verb, Group, Version, resource, scope);
    }

    /// <summary>True for the values Kubernetes (Go's <c>strconv.ParseBool</c>) accepts as true.</summary>
    public static bool IsWatch(string? value) => value is "1" or "t" or "T" or "true" or "TRUE" or "True";

    private static bool HasEmptySegment(ReadOnlySpan<char> path, ReadOnlySpan<Range> segments)
    {
        foreach (var segment in segments)
        {
            if (path[segment].IsEmpty)
            {
                return true;
            }
        }

        return false;
    }

    private static ApiRequestAttributes NonResource(string method) =>
        new(HttpVerb(method), string.Empty, string.Empty, string.Empty, string.Empty);

    private static string? Resource(ReadOnlySpan<char> segment) => segment switch
    {
        "nodes" => "nodes",
        "pods" => "pods",
        _ => null,
    };

    private static string HttpVerb(string method) => method switch
    {
        "GET" or "HEAD" => "GET",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "OPTIONS" => "OPTIONS",
        _ => "OTHER",
    };
}
