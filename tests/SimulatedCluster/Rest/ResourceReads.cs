using System.Globalization;
using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.Storage;
using MetricsOperator.SimulatedCluster.Tables;

namespace MetricsOperator.SimulatedCluster.Rest;

/// <summary>get and list, shaped as objects, Tables or PartialObjectMetadata as the Accept header asks.</summary>
internal sealed class ResourceReads
{
    private readonly ObjectStore _store;
    private readonly TableBuilder _tables;

    public ResourceReads(ObjectStore store, TableBuilder tables)
    {
        _store = store;
        _tables = tables;
    }

    public JsonObject Get(HttpContext context, ResourceType type, RequestInfo info)
    {
        var item = _store.Get(type, type.Namespaced ? info.Namespace : null, info.Name!) ?? throw ApiException.NotFound(type, info.Name!);
        item["apiVersion"] = type.GroupVersion;
        return Shape(context, type, item);
    }

    /// <summary>Shapes one object (a write's result or a get) as the client's Accept header asks.</summary>
    public JsonObject Shape(HttpContext context, ResourceType type, JsonObject item)
    {
        var format = OutputFormat.Negotiate(context.Request.Headers.Accept);
        return format.Shape switch
        {
            OutputShape.Table => _tables.Build(type, [item], format.MetaVersion, ObjectMeta.Text(item, "resourceVersion"), IncludeObject(context)),
            OutputShape.PartialObjectMetadata => TableBuilder.PartialMetadata(item, format.MetaVersion),
            _ => item,
        };
    }

    public JsonObject List(HttpContext context, ResourceType type, RequestInfo info)
    {
        var (items, version) = Select(context, type, info);
        var rv = version.ToString(CultureInfo.InvariantCulture);
        var format = OutputFormat.Negotiate(context.Request.Headers.Accept);
        return format.Shape switch
        {
            OutputShape.Table => _tables.Build(type, items, format.MetaVersion, rv, IncludeObject(context)),
            OutputShape.PartialObjectMetadata => new JsonObject
            {
                ["kind"] = "PartialObjectMetadataList",
                ["apiVersion"] = "meta.k8s.io/" + format.MetaVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = rv },
                ["items"] = new JsonArray([.. items.Select(i => (JsonNode)TableBuilder.PartialMetadata(i, format.MetaVersion))]),
            },
            _ => new JsonObject
            {
                ["kind"] = type.ListKind,
                ["apiVersion"] = type.GroupVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = rv },
                ["items"] = new JsonArray([.. items.Select(i => (JsonNode)i)]),
            },
        };
    }

    /// <summary>The objects a list request selects (namespace, labelSelector, fieldSelector), with the store's resourceVersion.</summary>
    public (List<JsonObject> Items, long ResourceVersion) Select(HttpContext context, ResourceType type, RequestInfo info)
    {
        var labels = LabelSelector.Parse(context.Request.Query["labelSelector"]);
        var fields = FieldSelector.Parse(context.Request.Query["fieldSelector"], type);
        var (all, version) = _store.List(type, type.Namespaced ? info.Namespace : null);
        var items = all.Where(i => labels.Matches(ObjectMeta.Labels(i)) && fields.Matches(i)).ToList();
        foreach (var item in items)
        {
            item["apiVersion"] = type.GroupVersion;
        }

        return (items, version);
    }

    public static string IncludeObject(HttpContext context) =>
        context.Request.Query["includeObject"].ToString() is { Length: > 0 } include ? include : "Metadata";
}
