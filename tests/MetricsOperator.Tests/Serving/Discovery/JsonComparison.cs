using System.Text.Json.Nodes;

namespace MetricsOperator.Tests.Serving.Discovery;

/// <summary>Field-by-field comparison of two JSON documents that reports the first path where they differ.</summary>
internal static class JsonComparison
{
    /// <summary>The JSON path of the first difference (object properties compared by name), or null when equal.</summary>
    public static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path = "#")
    {
        switch (expected, actual)
        {
            case (JsonObject left, JsonObject right):
                foreach (var (name, value) in left)
                {
                    if (!right.TryGetPropertyValue(name, out var other))
                    {
                        return $"{path}/{name} is missing";
                    }

                    if (FirstDifference(value, other, $"{path}/{name}") is { } difference)
                    {
                        return difference;
                    }
                }

                return right.Select(pair => pair.Key).FirstOrDefault(name => !left.ContainsKey(name)) is { } extra ? $"{path}/{extra} is extra" : null;
            case (JsonArray left, JsonArray right):
                if (left.Count != right.Count)
                {
                    return $"{path} has {right.Count} items, not {left.Count}";
                }

                for (var index = 0; index < left.Count; index++)
                {
                    if (FirstDifference(left[index], right[index], $"{path}/{index}") is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            default:
                return JsonNode.DeepEquals(expected, actual) ? null : $"{path}: {actual?.ToJsonString() ?? "null"} instead of {expected?.ToJsonString() ?? "null"}";
        }
    }
}
