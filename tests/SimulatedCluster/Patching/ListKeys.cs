using System.Text.Json.Nodes;

namespace MetricsOperator.SimulatedCluster.Patching;

/// <summary>
/// Which lists are associative (merged element-wise by key) for server-side apply: the built-in kinds' map lists
/// by field name. Every other list is atomic, which is also the CRD default.
/// </summary>
internal static class ListKeys
{
    private static readonly Dictionary<string, string[]> Known = new(StringComparer.Ordinal)
    {
        ["containers"] = ["name"],
        ["initContainers"] = ["name"],
        ["env"] = ["name"],
        ["volumes"] = ["name"],
        ["volumeMounts"] = ["mountPath"],
        ["imagePullSecrets"] = ["name"],
        ["conditions"] = ["type"],
        ["addresses"] = ["type"],
    };

    public static string[]? For(string path, JsonArray list)
    {
        var field = path[(path.LastIndexOf('\n') + 1)..];
        if (!field.StartsWith("f:", StringComparison.Ordinal))
        {
            return null;
        }

        field = field[2..];
        if (field == "ports")
        {
            string[] servicePort = ["port", "protocol"];
            return list.All(e => e is JsonObject o && o.ContainsKey("containerPort")) ? ["containerPort", "protocol"]
                : list.All(e => e is JsonObject o && o.ContainsKey("port")) ? servicePort : null;
        }

        return Known.TryGetValue(field, out var keys) && list.All(e => e is JsonObject o && keys.All(o.ContainsKey)) ? keys : null;
    }

    /// <summary>The fieldsV1 element for a list entry: <c>k:{"name":"c"}</c>, keys in order, missing defaults omitted.</summary>
    public static string Identify(JsonObject element, string[] keys)
    {
        var id = new JsonObject();
        foreach (var key in keys.Where(element.ContainsKey))
        {
            id[key] = element[key]?.DeepClone();
        }

        return "k:" + id.ToJsonString();
    }

    public static bool Matches(JsonObject element, string identity)
    {
        if (JsonNode.Parse(identity[2..]) is not JsonObject id)
        {
            return false;
        }

        return id.All(p => JsonNode.DeepEquals(element[p.Key], p.Value));
    }
}
