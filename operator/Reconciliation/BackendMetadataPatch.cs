using System.Text.Json.Nodes;
using MetricsOperator.Api.V1Alpha1;

namespace MetricsOperator.Reconciliation;

/// <summary>
/// JSON merge patches of a MetricsBackend's metadata. Each carries the resourceVersion the decision was based on,
/// so a concurrent edit turns into a 409 and a retry instead of a lost finalizer or annotation.
/// </summary>
internal static class BackendMetadataPatch
{
    /// <summary>Replaces the finalizer list (merge patch replaces lists whole).</summary>
    public static JsonObject Finalizers(MetricsBackend backend, IEnumerable<string> finalizers)
    {
        ArgumentNullException.ThrowIfNull(finalizers);
        var list = new JsonArray();
        foreach (var finalizer in finalizers)
        {
            list.Add(finalizer);
        }

        return Metadata(backend, new JsonObject { ["finalizers"] = list });
    }

    public static JsonObject Annotation(MetricsBackend backend, string key, string value) =>
        Metadata(backend, new JsonObject { ["annotations"] = new JsonObject { [key] = value } });

    private static JsonObject Metadata(MetricsBackend backend, JsonObject metadata)
    {
        ArgumentNullException.ThrowIfNull(backend);
        if (backend.Metadata?.ResourceVersion is { Length: > 0 } resourceVersion)
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        return new JsonObject { ["metadata"] = metadata };
    }
}
