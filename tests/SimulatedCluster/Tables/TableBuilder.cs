using System.Globalization;
using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.SimulatedCluster.Tables;

/// <summary>
/// meta.k8s.io Table responses: Name and Age for built-in kinds; for custom resources the CRD's
/// additionalPrinterColumns (Age alone when it declares none), each cell evaluated by JSONPath.
/// </summary>
internal sealed class TableBuilder
{
    private readonly TimeProvider _clock;

    public TableBuilder(TimeProvider clock) => _clock = clock;

    public JsonObject Build(ResourceType type, IEnumerable<JsonObject> items, string metaVersion, string? resourceVersion, string includeObject, bool withColumns = true)
    {
        var columns = Columns(type);
        var table = new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/" + metaVersion,
            ["metadata"] = resourceVersion is null ? new JsonObject() : new JsonObject { ["resourceVersion"] = resourceVersion },
        };
        if (withColumns)
        {
            table["columnDefinitions"] = new JsonArray([.. columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Format ?? "",
                ["description"] = c.Description,
                ["priority"] = c.Priority,
            })]);
        }

        table["rows"] = new JsonArray([.. items.Select(item => (JsonNode)Row(item, columns, metaVersion, includeObject))]);
        return table;
    }

    public static JsonObject PartialMetadata(JsonObject item, string metaVersion) => new()
    {
        ["kind"] = "PartialObjectMetadata",
        ["apiVersion"] = "meta.k8s.io/" + metaVersion,
        ["metadata"] = item["metadata"]?.DeepClone(),
    };

    private static List<PrinterColumn> Columns(ResourceType type)
    {
        var name = new PrinterColumn("Name", "string", "name", "Name must be unique within a namespace.", 0, ".metadata.name");
        var age = new PrinterColumn("Age", "date", null, "CreationTimestamp is a timestamp representing the server time when this object was created.", 0, ".metadata.creationTimestamp");
        return type.IsCustom && type.PrinterColumns.Count > 0 ? [name, .. type.PrinterColumns] : [name, age];
    }

    private JsonObject Row(JsonObject item, List<PrinterColumn> columns, string metaVersion, string includeObject)
    {
        var row = new JsonObject { ["cells"] = new JsonArray([.. columns.Select(c => Cell(item, c))]) };
        switch (includeObject)
        {
            case "None":
                break;
            case "Object":
                row["object"] = item.DeepClone();
                break;
            default:
                row["object"] = PartialMetadata(item, metaVersion);
                break;
        }

        return row;
    }

    private JsonNode? Cell(JsonObject item, PrinterColumn column)
    {
        IReadOnlyList<JsonNode> values;
        try
        {
            values = Tables.JsonPathExpression.Parse(column.JsonPath).Evaluate(item);
        }
        catch (FormatException)
        {
            return null;
        }

        if (values.Count == 0)
        {
            return null;
        }

        var first = values[0];
        if (column.Type == "date" && first is JsonValue v && v.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return HumanDuration.Format(_clock.GetUtcNow() - time);
        }

        if (values.Count > 1)
        {
            return string.Join(",", values.Select(x => x.ToString()));
        }

        return first.DeepClone();
    }
}
