using System.Globalization;
using System.Text.Json.Nodes;

namespace MetricsOperator.SimulatedCluster.Storage;

/// <summary>Reads and writes the metadata fields the store manages, on a JsonObject.</summary>
internal static class ObjectMeta
{
    public static JsonObject Of(JsonObject item)
    {
        if (item["metadata"] is JsonObject meta)
        {
            return meta;
        }

        meta = [];
        item["metadata"] = meta;
        return meta;
    }

    public static string? Name(JsonObject item) => Text(item, "name");

    public static string? Namespace(JsonObject item) => Text(item, "namespace");

    public static string? Uid(JsonObject item) => Text(item, "uid");

    public static string? Text(JsonObject item, string field) =>
        item["metadata"] is JsonObject meta && meta[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static long? ResourceVersion(JsonObject item)
    {
        var text = Text(item, "resourceVersion");
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw ApiException.BadRequest($"invalid resourceVersion \"{text}\"");
    }

    public static IReadOnlyList<string> Finalizers(JsonObject item) =>
        item["metadata"]?["finalizers"] is JsonArray list ? [.. list.Select(f => f?.GetValue<string>() ?? "")] : [];

    public static IEnumerable<string> OwnerUids(JsonObject item) =>
        item["metadata"]?["ownerReferences"] is JsonArray refs
            ? refs.OfType<JsonObject>().Select(r => r["uid"]?.GetValue<string>() ?? "")
            : [];

    public static IReadOnlyDictionary<string, string> Labels(JsonObject item) =>
        item["metadata"]?["labels"] is JsonObject labels
            ? labels.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>();

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Everything but metadata and status: what a generation bump is about.</summary>
    public static bool SpecEquals(JsonObject a, JsonObject b)
    {
        static IEnumerable<KeyValuePair<string, JsonNode?>> Body(JsonObject o) =>
            o.Where(p => p.Key is not ("metadata" or "status" or "apiVersion" or "kind")).OrderBy(p => p.Key, StringComparer.Ordinal);
        var left = Body(a).ToList();
        var right = Body(b).ToList();
        return left.Count == right.Count && left.Zip(right).All(pair => pair.First.Key == pair.Second.Key && JsonNode.DeepEquals(pair.First.Value, pair.Second.Value));
    }
}
