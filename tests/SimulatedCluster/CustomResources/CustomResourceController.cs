using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.SimulatedCluster.CustomResources;

/// <summary>
/// Serves what applied CRDs define: on every CRD change the registry's custom resources are rebuilt (served versions,
/// scope, names, status subresource, schema, printer columns), each CRD gets NamesAccepted and Established conditions,
/// and the objects of a deleted CRD are deleted with it.
/// </summary>
internal sealed class CustomResourceController : IDisposable
{
    private readonly ObjectStore _store;
    private readonly ResourceRegistry _registry;
    private readonly ResourceType _crds;
    private readonly Lock _gate = new();

    public CustomResourceController(ObjectStore store, ResourceRegistry registry)
    {
        _store = store;
        _registry = registry;
        _crds = registry.Find("apiextensions.k8s.io", "v1", "customresourcedefinitions")!;
        _store.Changed += OnChanged;
    }

    public void Dispose() => _store.Changed -= OnChanged;

    private void OnChanged(string plural)
    {
        if (plural != _crds.Plural)
        {
            return;
        }

        lock (_gate)
        {
            var crds = _store.List(_crds, null).Items;
            var types = crds.Where(c => c["metadata"]?["deletionTimestamp"] is null).SelectMany(TypesOf).ToList();
            foreach (var gone in _registry.Types.Where(t => t.IsCustom && !types.Any(n => n.Group == t.Group && n.Plural == t.Plural)).DistinctBy(t => (t.Group, t.Plural)).ToList())
            {
                foreach (var item in _store.List(gone, null).Items)
                {
                    _store.Delete(gone, ObjectMeta.Namespace(item), ObjectMeta.Name(item)!);
                }
            }

            _registry.ReplaceCustom(types);
            foreach (var crd in crds)
            {
                MarkEstablished(crd);
            }
        }
    }

    private void MarkEstablished(JsonObject crd)
    {
        var names = crd["spec"]?["names"]?.DeepClone();
        _store.Write(_crds, null, ObjectMeta.Name(crd)!, current =>
        {
            var updated = current ?? crd;
            var conditions = (updated["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().Select(c => (JsonObject)c.DeepClone()).ToList() ?? [];
            foreach (var (type, reason, message) in (ReadOnlySpan<(string, string, string)>)[("NamesAccepted", "NoConflicts", "no conflicts found"), ("Established", "InitialNamesAccepted", "the initial names have been accepted")])
            {
                if (!conditions.Any(c => c["type"]?.ToString() == type))
                {
                    conditions.Add(new JsonObject
                    {
                        ["type"] = type,
                        ["status"] = "True",
                        ["lastTransitionTime"] = ObjectMeta.Text(updated, "creationTimestamp"),
                        ["reason"] = reason,
                        ["message"] = message,
                    });
                }
            }

            updated["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray([.. conditions]),
                ["acceptedNames"] = names,
                ["storedVersions"] = new JsonArray([.. (updated["spec"]?["versions"] as JsonArray ?? []).Where(v => v?["storage"]?.GetValue<bool>() == true).Select(v => (JsonNode?)v?["name"]?.DeepClone())]),
            };
            return updated;
        });
    }

    private static IEnumerable<ResourceType> TypesOf(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject;
        var names = spec?["names"] as JsonObject;
        if (spec is null || names is null)
        {
            yield break;
        }

        static IReadOnlyList<string> Strings(JsonNode? node) => (node as JsonArray)?.Select(n => n?.ToString() ?? "").ToList() ?? [];
        var plural = names["plural"]?.ToString() ?? "";
        foreach (var version in (spec["versions"] as JsonArray ?? []).OfType<JsonObject>().Where(v => v["served"]?.GetValue<bool>() != false))
        {
            var columns = (version["additionalPrinterColumns"] as JsonArray ?? []).OfType<JsonObject>().Select(c => new PrinterColumn(
                c["name"]?.ToString() ?? "",
                c["type"]?.ToString() ?? "string",
                c["format"]?.ToString(),
                c["description"]?.ToString() ?? "",
                c["priority"]?.GetValue<int>() ?? 0,
                c["jsonPath"]?.ToString() ?? "")).ToList();
            yield return new ResourceType(
                spec["group"]?.ToString() ?? "",
                version["name"]?.ToString() ?? "",
                plural,
                names["singular"]?.ToString() ?? plural,
                names["kind"]?.ToString() ?? "",
                spec["scope"]?.ToString() == "Namespaced",
                Strings(names["shortNames"]),
                ResourceType.AllVerbs,
                Strings(names["categories"]),
                version["subresources"]?["status"] is not null,
                ["metadata.name", "metadata.namespace"])
            {
                Schema = version["schema"]?["openAPIV3Schema"]?.DeepClone() as JsonObject,
                PrinterColumns = columns,
                IsCustom = true,
            };
        }
    }
}
