using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.SimulatedCluster.Patching;

/// <summary>
/// Server-side apply as far as <c>kubectl apply --server-side</c> and an operator need: the applied configuration's
/// fields become the manager's Apply set; fields another manager owns with a different value are conflicts (409
/// worded as kube-apiserver words them) unless forced, in which case ownership moves; fields the manager applied
/// before and no longer applies are removed when nobody else owns them.
/// </summary>
internal static class ServerSideApply
{
    public static JsonObject Apply(JsonObject? live, JsonObject applied, string manager, bool force, string apiVersion, string time, string subresource)
    {
        var appliedSet = FieldSet.FromObject(applied);
        var entries = ManagedFields.Read(live);
        var current = live is null ? new JsonObject() : (JsonObject)live.DeepClone();
        var others = entries.Where(e => !(e.Manager == manager && e.IsApply && e.Subresource == subresource)).ToList();
        var previous = entries.FirstOrDefault(e => e.Manager == manager && e.IsApply && e.Subresource == subresource)?.Fields ?? new FieldSet([]);

        var conflicts = others
            .SelectMany(e => e.Fields.Intersect(appliedSet).Paths.Where(p => !p.EndsWith("\n.", StringComparison.Ordinal) && !FieldValues.SameAt(current, applied, p)).Select(p => (Entry: e, Path: p)))
            .ToList();
        if (conflicts.Count > 0 && !force)
        {
            throw Conflict(conflicts);
        }

        var taken = new FieldSet(conflicts.Select(c => c.Path));
        others = [.. others.Select(e => e with { Fields = e.Fields.Except(taken) })];
        var ownedByOthers = others.Aggregate(new FieldSet([]), (all, e) => all.Union(e.Fields));
        foreach (var dropped in previous.Except(appliedSet).Paths.Where(p => !ownedByOthers.Covers(TrimSelf(p))).OrderByDescending(p => p.Length))
        {
            FieldValues.Remove(current, dropped);
        }

        var merged = (JsonObject)Merge(current, applied, "")!;
        ManagedFields.Write(merged, [.. others, new ManagedFieldsEntry(manager, "Apply", apiVersion, time, subresource, appliedSet)]);
        return merged;
    }

    private static string TrimSelf(string path) => path.EndsWith("\n.", StringComparison.Ordinal) ? path[..^2] : path;

    private static JsonNode? Merge(JsonNode? live, JsonNode? applied, string path)
    {
        switch (applied)
        {
            case JsonObject appliedMap when live is JsonObject liveMap:
                var result = (JsonObject)liveMap.DeepClone();
                foreach (var (key, value) in appliedMap)
                {
                    result[key] = Merge(result[key], value, path + "\nf:" + key);
                }

                return result;
            case JsonArray appliedList when live is JsonArray liveList && ListKeys.For(path, appliedList) is { } keys
                && ListKeys.For(path, liveList) is not null:
                var items = liveList.Select(e => e?.DeepClone()).ToList();
                foreach (var element in appliedList.OfType<JsonObject>())
                {
                    var id = ListKeys.Identify(element, keys);
                    var at = items.FindIndex(e => e is JsonObject o && ListKeys.Matches(o, id));
                    if (at >= 0)
                    {
                        items[at] = Merge(items[at], element, path);
                    }
                    else
                    {
                        items.Add(element.DeepClone());
                    }
                }

                return new JsonArray([.. items]);
            case JsonArray appliedSet when path.EndsWith("f:finalizers", StringComparison.Ordinal) && live is JsonArray liveSet:
                var union = liveSet.Select(e => e?.DeepClone()).ToList();
                union.AddRange(appliedSet.Where(a => !liveSet.Any(l => JsonNode.DeepEquals(l, a))).Select(a => a?.DeepClone()));
                return new JsonArray([.. union]);
            default:
                return applied?.DeepClone();
        }
    }

    private static ApiException Conflict(List<(ManagedFieldsEntry Entry, string Path)> conflicts)
    {
        var causes = new JsonArray([.. conflicts.Select(c => (JsonNode)new JsonObject
        {
            ["reason"] = "FieldManagerConflict",
            ["message"] = $"conflict with {c.Entry.Display}",
            ["field"] = FieldSet.Display(c.Path),
        })]);
        string message;
        if (conflicts.Count == 1)
        {
            message = $"Apply failed with 1 conflict: conflict with {conflicts[0].Entry.Display}: {FieldSet.Display(conflicts[0].Path)}";
        }
        else
        {
            var lines = conflicts.GroupBy(c => c.Entry.Display).OrderBy(g => g.Key, StringComparer.Ordinal)
                .SelectMany(g => (string[])[$"conflicts with {g.Key}:", .. g.Select(c => "- " + FieldSet.Display(c.Path))]);
            message = $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", lines)}";
        }

        return new ApiException(409, "Conflict", message, new JsonObject { ["causes"] = causes });
    }
}
