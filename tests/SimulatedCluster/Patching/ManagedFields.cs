using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.SimulatedCluster.Patching;

/// <summary>One metadata.managedFields entry.</summary>
internal sealed record ManagedFieldsEntry(string Manager, string Operation, string ApiVersion, string Time, string Subresource, FieldSet Fields)
{
    public bool IsApply => Operation == "Apply";

    /// <summary>How kube-apiserver names the manager in conflict messages.</summary>
    public string Display => IsApply ? $"\"{Manager}\"" : $"\"{Manager}\" using {ApiVersion}";

    public JsonObject ToJson()
    {
        var entry = new JsonObject
        {
            ["manager"] = Manager,
            ["operation"] = Operation,
            ["apiVersion"] = ApiVersion,
            ["time"] = Time,
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = Fields.ToFieldsV1(),
        };
        if (Subresource.Length > 0)
        {
            entry["subresource"] = Subresource;
        }

        return entry;
    }
}

/// <summary>Reads and writes metadata.managedFields, and records the fields a non-apply write changed.</summary>
internal static class ManagedFields
{
    public static List<ManagedFieldsEntry> Read(JsonObject? item) =>
        item?["metadata"]?["managedFields"] is JsonArray entries
            ? [.. entries.OfType<JsonObject>().Select(e => new ManagedFieldsEntry(
                e["manager"]?.ToString() ?? "",
                e["operation"]?.ToString() ?? "Update",
                e["apiVersion"]?.ToString() ?? "",
                e["time"]?.ToString() ?? "",
                e["subresource"]?.ToString() ?? "",
                FieldSet.FromFieldsV1(e["fieldsV1"])))]
            : [];

    public static void Write(JsonObject item, IEnumerable<ManagedFieldsEntry> entries)
    {
        var kept = entries.Where(e => !e.Fields.IsEmpty).Select(e => (JsonNode)e.ToJson()).ToArray();
        var meta = ObjectMeta.Of(item);
        if (kept.Length == 0)
        {
            meta.Remove("managedFields");
        }
        else
        {
            meta["managedFields"] = new JsonArray(kept);
        }
    }

    /// <summary>
    /// An Update operation by <paramref name="manager"/>: it takes ownership of every field whose value it changed
    /// (all fields on create), and those fields leave the other managers' sets.
    /// </summary>
    public static void RecordUpdate(JsonObject? before, JsonObject after, string manager, string apiVersion, string time, string subresource)
    {
        var entries = Read(before);
        var changed = new FieldSet(FieldSet.FromObject(after).Paths.Where(p => before is null || !FieldValues.SameAt(before, after, p)));
        if (changed.IsEmpty)
        {
            Write(after, entries);
            return;
        }

        var updated = entries.Select(e => e with { Fields = e.Fields.Except(changed) }).ToList();
        var at = updated.FindIndex(e => e.Manager == manager && !e.IsApply && e.ApiVersion == apiVersion && e.Subresource == subresource);
        if (at >= 0)
        {
            updated[at] = updated[at] with { Fields = updated[at].Fields.Union(changed), Time = time };
        }
        else
        {
            updated.Add(new ManagedFieldsEntry(manager, "Update", apiVersion, time, subresource, changed));
        }

        Write(after, updated);
    }
}
