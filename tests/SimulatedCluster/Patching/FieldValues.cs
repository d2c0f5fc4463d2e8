using System.Text.Json.Nodes;

namespace MetricsOperator.SimulatedCluster.Patching;

/// <summary>Finds, compares and removes the value a fieldsV1 path names inside an object.</summary>
internal static class FieldValues
{
    public static bool TryGet(JsonNode? root, string path, out JsonNode? value)
    {
        value = root;
        foreach (var part in path.Split('\n'))
        {
            if (part == ".")
            {
                continue;
            }

            if (!TryStep(value, part, out value, out _))
            {
                return false;
            }
        }

        return true;
    }

    public static bool SameAt(JsonNode a, JsonNode b, string path)
    {
        var inA = TryGet(a, path, out var left);
        var inB = TryGet(b, path, out var right);
        return inA == inB && (!inA || JsonNode.DeepEquals(left, right));
    }

    /// <summary>Removes the field (or list element, for paths ending in "." or a value) the path names.</summary>
    public static void Remove(JsonNode root, string path)
    {
        var parts = path.Split('\n');
        if (parts[^1] == ".")
        {
            parts = parts[..^1];
        }

        JsonNode? parent = root;
        foreach (var part in parts[..^1])
        {
            if (!TryStep(parent, part, out parent, out _))
            {
                return;
            }
        }

        if (TryStep(parent, parts[^1], out _, out var index))
        {
            switch (parent)
            {
                case JsonObject o:
                    o.Remove(parts[^1][2..]);
                    break;
                case JsonArray a when index >= 0:
                    a.RemoveAt(index);
                    break;
            }
        }
    }

    private static bool TryStep(JsonNode? node, string part, out JsonNode? next, out int index)
    {
        index = -1;
        next = null;
        if (part.StartsWith("f:", StringComparison.Ordinal))
        {
            return node is JsonObject o && o.TryGetPropertyValue(part[2..], out next);
        }

        if (node is not JsonArray list)
        {
            return false;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var hit = part.StartsWith("k:", StringComparison.Ordinal)
                ? list[i] is JsonObject element && ListKeys.Matches(element, part)
                : part.StartsWith("v:", StringComparison.Ordinal) && list[i]?.ToJsonString() == part[2..];
            if (hit)
            {
                (next, index) = (list[i], i);
                return true;
            }
        }

        return false;
    }
}
