using System.Text.Json.Nodes;

namespace MetricsOperator.SimulatedCluster.CustomResources;

/// <summary>
/// Structural-schema pruning: fields the schema does not declare are dropped (unless
/// <c>x-kubernetes-preserve-unknown-fields</c>); their paths are returned so strict field validation can refuse them.
/// </summary>
internal static class SchemaPruner
{
    public static List<string> Prune(JsonObject root, JsonObject schema)
    {
        var unknown = new List<string>();
        foreach (var (name, _) in root.ToList())
        {
            if (name is "apiVersion" or "kind" or "metadata")
            {
                continue;
            }

            var property = schema["properties"]?[name] as JsonObject;
            if (property is null && !Preserves(schema))
            {
                unknown.Add(name);
                root.Remove(name);
                continue;
            }

            Walk(root[name], property, name, unknown);
        }

        return unknown;
    }

    private static bool Preserves(JsonObject? schema) => schema?["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;

    private static void Walk(JsonNode? value, JsonObject? schema, string path, List<string> unknown)
    {
        if (schema is null || schema["x-kubernetes-embedded-resource"]?.GetValue<bool>() == true)
        {
            return;
        }

        switch (value)
        {
            case JsonObject map:
                var properties = schema["properties"] as JsonObject;
                var additional = schema["additionalProperties"] as JsonObject;
                foreach (var (name, child) in map.ToList())
                {
                    var childSchema = properties?[name] as JsonObject ?? additional;
                    if (childSchema is null && !Preserves(schema))
                    {
                        unknown.Add(path + "." + name);
                        map.Remove(name);
                        continue;
                    }

                    Walk(child, childSchema, path + "." + name, unknown);
                }

                break;
            case JsonArray list when schema["items"] is JsonObject items:
                for (var i = 0; i < list.Count; i++)
                {
                    Walk(list[i], items, $"{path}[{i}]", unknown);
                }

                break;
        }
    }
}
