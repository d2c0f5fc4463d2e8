using System.Text.Json.Nodes;

namespace MetricsOperator.SimulatedCluster.CustomResources;

/// <summary>Structural-schema defaulting: an absent property with a <c>default</c> gets it, recursively, as kube-apiserver does on write.</summary>
internal static class SchemaDefaulter
{
    public static void Apply(JsonNode? value, JsonObject? schema)
    {
        if (schema is null)
        {
            return;
        }

        switch (value)
        {
            case JsonObject map:
                if (schema["properties"] is JsonObject properties)
                {
                    foreach (var (name, propertySchema) in properties)
                    {
                        if (propertySchema is not JsonObject property)
                        {
                            continue;
                        }

                        if (!map.ContainsKey(name) && property["default"] is { } defaultValue)
                        {
                            map[name] = defaultValue.DeepClone();
                        }

                        Apply(map[name], property);
                    }
                }
                else if (schema["additionalProperties"] is JsonObject additional)
                {
                    foreach (var (_, child) in map)
                    {
                        Apply(child, additional);
                    }
                }

                break;
            case JsonArray list when schema["items"] is JsonObject items:
                foreach (var element in list)
                {
                    Apply(element, items);
                }

                break;
        }
    }
}
