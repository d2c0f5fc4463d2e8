using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.SimulatedCluster.Patching;

/// <summary>RFC 6902 JSON patch (add, remove, replace, move, copy, test) over RFC 6901 pointers.</summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode target, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw ApiException.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }

        var document = target.DeepClone();
        foreach (var operation in operations.OfType<JsonObject>())
        {
            var op = operation["op"]?.ToString() ?? throw ApiException.BadRequest("missing 'op' in JSON patch operation");
            var path = operation["path"]?.ToString() ?? throw ApiException.BadRequest($"missing 'path' in JSON patch operation {op}");
            document = op switch
            {
                "add" => Add(document, path, operation["value"]?.DeepClone()),
                "remove" => Remove(document, path, out _),
                "replace" => Add(Remove(document, path, out _), path, operation["value"]?.DeepClone()),
                "move" => Move(document, operation, path),
                "copy" => Add(document, path, Get(document, From(operation)).DeepClone()),
                "test" => JsonNode.DeepEquals(Get(document, path), operation["value"])
                    ? document
                    : throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: testing value {path} failed"),
                _ => throw ApiException.BadRequest($"Unexpected kind: {op}"),
            };
        }

        return document;
    }

    private static string From(JsonObject operation) =>
        operation["from"]?.ToString() ?? throw ApiException.BadRequest("missing 'from' in JSON patch operation");

    private static JsonNode Move(JsonNode document, JsonObject operation, string path)
    {
        document = Remove(document, From(operation), out var moved);
        return Add(document, path, moved);
    }

    private static string[] Tokens(string path) =>
        path.Length == 0 ? [] : [.. path.Split('/').Skip(1).Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];

    private static JsonNode Get(JsonNode document, string path)
    {
        var node = document;
        foreach (var token in Tokens(path))
        {
            node = Child(node, token, path) ?? throw Missing(path);
        }

        return node;
    }

    private static JsonNode? Child(JsonNode node, string token, string path) => node switch
    {
        JsonObject o => o[token],
        JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
        _ => throw Missing(path),
    };

    private static JsonNode Add(JsonNode document, string path, JsonNode? value)
    {
        var tokens = Tokens(path);
        if (tokens.Length == 0)
        {
            return value ?? throw ApiException.BadRequest("cannot replace the whole document with null");
        }

        var parent = tokens.Length == 1 ? document : Get(document, "/" + string.Join('/', tokens[..^1].Select(Escape)));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw Missing(path);
        }

        return document;
    }

    private static JsonNode Remove(JsonNode document, string path, out JsonNode? removed)
    {
        var tokens = Tokens(path);
        var parent = tokens.Length == 1 ? document : Get(document, "/" + string.Join('/', tokens[..^1].Select(Escape)));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                removed = o[last];
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count:
                removed = a[i];
                a.RemoveAt(i);
                break;
            default:
                throw Missing(path);
        }

        return document;
    }

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static ApiException Missing(string path) =>
        new(422, "Invalid", $"the server rejected our request due to an error in our request: jsonpatch: path {path} does not exist");
}
