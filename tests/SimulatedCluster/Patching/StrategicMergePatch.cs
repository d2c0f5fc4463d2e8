using System.Text.Json.Nodes;

namespace MetricsOperator.SimulatedCluster.Patching;

/// <summary>
/// Strategic merge patch, to the extent kubectl's client-side apply, edit and annotate produce it for the kinds the
/// stand-in serves: maps merge as in a merge patch; lists whose field name has a known merge key (containers, env,
/// volumes, ports, conditions, ...) merge element-wise by that key and honour <c>$patch: delete</c>; other lists are
/// replaced. The directives <c>$setElementOrder/</c>, <c>$retainKeys</c> and <c>$deleteFromPrimitiveList/</c> are
/// applied as far as they affect those lists (order is taken from <c>$setElementOrder</c>).
/// </summary>
internal static class StrategicMergePatch
{
    private static readonly Dictionary<string, string[]> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = ["name"],
        ["initContainers"] = ["name"],
        ["ephemeralContainers"] = ["name"],
        ["env"] = ["name"],
        ["volumes"] = ["name"],
        ["volumeMounts"] = ["mountPath"],
        ["volumeDevices"] = ["devicePath"],
        ["imagePullSecrets"] = ["name"],
        ["ports"] = ["containerPort", "port"],
        ["conditions"] = ["type"],
        ["addresses"] = ["type"],
        ["hostAliases"] = ["ip"],
        ["topologySpreadConstraints"] = ["topologyKey"],
    };

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        if (patchObject["$patch"]?.ToString() == "replace")
        {
            var replaced = (JsonObject)patchObject.DeepClone();
            replaced.Remove("$patch");
            return replaced;
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (key, value) in patchObject)
        {
            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                if (result[field] is JsonArray existing && value is JsonArray gone)
                {
                    result[field] = new JsonArray([.. existing.Where(e => !gone.Any(g => JsonNode.DeepEquals(g, e))).Select(e => e?.DeepClone())]);
                }
            }
            else if (key.StartsWith('$'))
            {
                continue;
            }
            else if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonArray list && result[key] is JsonArray current && KeyOf(key, list, current) is { } mergeKey)
            {
                result[key] = MergeList(current, list, mergeKey, patchObject["$setElementOrder/" + key] as JsonArray);
            }
            else
            {
                result[key] = value is JsonArray plain ? Strip(plain) : Apply(result[key], value);
            }
        }

        return result;
    }

    private static string? KeyOf(string field, JsonArray patch, JsonArray current) =>
        MergeKeys.TryGetValue(field, out var keys)
            ? keys.FirstOrDefault(k => patch.Concat(current).All(e => e is JsonObject o && o.ContainsKey(k)))
            : null;

    private static JsonArray MergeList(JsonArray current, JsonArray patch, string mergeKey, JsonArray? order)
    {
        var merged = current.Select(e => e!.DeepClone()).ToList();
        foreach (var element in patch.OfType<JsonObject>())
        {
            var at = merged.FindIndex(e => JsonNode.DeepEquals(e[mergeKey], element[mergeKey]));
            if (element["$patch"]?.ToString() == "delete")
            {
                if (at >= 0)
                {
                    merged.RemoveAt(at);
                }
            }
            else if (at >= 0)
            {
                merged[at] = Apply(merged[at], element)!;
            }
            else
            {
                merged.Add(Apply(null, element)!);
            }
        }

        if (order is not null)
        {
            var rank = order.OfType<JsonObject>().Select(o => o[mergeKey]?.ToJsonString()).ToList();
            merged = [.. merged.OrderBy(e => rank.IndexOf(e[mergeKey]?.ToJsonString()) is var r && r < 0 ? int.MaxValue : r)];
        }

        return new JsonArray([.. merged]);
    }

    private static JsonArray Strip(JsonArray list) =>
        new([.. list.Select(e => e is JsonObject o ? Apply(null, o) : e?.DeepClone())]);
}
