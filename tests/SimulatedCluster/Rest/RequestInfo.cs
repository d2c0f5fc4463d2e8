using MetricsOperator.SimulatedCluster.Security;

namespace MetricsOperator.SimulatedCluster.Rest;

/// <summary>
/// What a request addresses, parsed from method, path and query the way kube-apiserver's RequestInfoFactory does:
/// <c>/api/v1/namespaces/{ns}/{resource}/{name}/{subresource}</c> and <c>/apis/{group}/{version}/...</c>.
/// </summary>
internal sealed record RequestInfo(
    bool IsResourceRequest,
    string Path,
    string Verb,
    string Group,
    string Version,
    string Resource,
    string Subresource,
    string? Namespace,
    string? Name)
{
    public RequestAttributes ToAttributes() =>
        new(Verb, Group, Version, Resource, Subresource, Namespace, Name, IsResourceRequest, Path);

    public static RequestInfo Parse(string method, string path, IQueryCollection query)
    {
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var nonResource = new RequestInfo(false, path, method.ToLowerInvariant(), "", "", "", "", null, null);
        int at;
        string group;
        if (parts is ["api", _, ..])
        {
            (group, at) = ("", 1);
        }
        else if (parts is ["apis", _, _, ..])
        {
            (group, at) = (parts[1], 2);
        }
        else
        {
            return nonResource;
        }

        var version = parts[at];
        var rest = parts[(at + 1)..];
        var watchPath = rest is ["watch", ..];
        if (watchPath)
        {
            rest = rest[1..];
        }

        if (rest.Length == 0)
        {
            return nonResource;
        }

        string? ns = null;
        if (rest is ["namespaces", var namespaceName, _, ..] && !(rest.Length == 3 && rest[2] is "status" or "finalize"))
        {
            ns = namespaceName;
            rest = rest[2..];
        }
        else if (rest is ["namespaces", var own, ..])
        {
            ns = own;
        }

        var resource = rest[0];
        var name = rest.Length > 1 ? rest[1] : null;
        var subresource = rest.Length > 2 ? rest[2] : "";
        var verb = VerbOf(method, name is not null, watchPath || IsTrue(query["watch"]));
        if (verb is "list" or "watch" && name is null && query["fieldSelector"].ToString() is { Length: > 0 } selector)
        {
            name = selector.Split(',').Select(t => t.Trim()).Where(t => t.StartsWith("metadata.name=", StringComparison.Ordinal))
                .Select(t => t["metadata.name=".Length..].TrimStart('=')).FirstOrDefault();
        }

        return new RequestInfo(true, path, verb, group, version, resource, subresource, ns, name);
    }

    private static string VerbOf(string method, bool named, bool watch) => method.ToUpperInvariant() switch
    {
        "GET" or "HEAD" => watch ? "watch" : named ? "get" : "list",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => named ? "delete" : "deletecollection",
        _ => method.ToLowerInvariant(),
    };

    private static bool IsTrue(string? value) => value is "1" or "true" or "True";
}
