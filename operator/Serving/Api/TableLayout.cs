using MetricsOperator.Storage;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// The <c>meta.k8s.io</c> Table of metrics objects, as the reference's table convertor builds it: columns Name, cpu,
/// memory, Window; one row per object with cells <c>[name, cpu, memory, window]</c>, pod usage summed over its
/// containers, and the row's <c>object</c> as <see cref="TableRowObject"/> asks. Swap never adds a column.
/// </summary>
internal static class TableLayout
{
    public const string Kind = "Table";
    public const string PartialObjectMetadataKind = "PartialObjectMetadata";

    private static readonly Column[] Columns =
    [
        new("Name", "name", "Name of the resource"),
        new("cpu", "quantity", string.Empty),
        new("memory", "quantity", string.Empty),
        new("Window", "duration", string.Empty),
    ];

    public static void WriteStart<TWriter>(TWriter writer, string apiVersion)
        where TWriter : struct, IDocumentWriter
    {
        writer.StartMapping();
        MetricsObjectLayout.WriteTypeMeta(writer, Kind, apiVersion);
        writer.StartMapping(FieldNames.Metadata);
        writer.EndMapping();
        writer.StartSequence(FieldNames.ColumnDefinitions);
        foreach (var column in Columns)
        {
            writer.StartMapping();
            writer.String(FieldNames.Name, column.Name);
            writer.String(FieldNames.Type, "string");
            writer.String(FieldNames.Format, column.Format);
            writer.String(FieldNames.Description, column.Description);
            writer.Number(FieldNames.Priority, 0);
            writer.EndMapping();
        }

        writer.EndSequence();
        writer.StartSequence(FieldNames.Rows);
    }

    public static void WriteEnd<TWriter>(TWriter writer)
        where TWriter : struct, IDocumentWriter
    {
        writer.EndSequence();
        writer.EndMapping();
    }

    public static void WriteNodeRow<TWriter>(TWriter writer, in ServedNode node, string apiVersion, in LayoutContext context)
        where TWriter : struct, IDocumentWriter
    {
        var usage = node.Usage;
        writer.StartMapping();
        WriteCells(writer, usage.Name, usage.Usage, usage.Measured);
        switch (context.RowObject)
        {
            case TableRowObject.None:
                writer.Null(FieldNames.Object);
                break;
            case TableRowObject.Object:
                writer.StartMapping(FieldNames.Object);
                MetricsObjectLayout.WriteNodeFields(writer, node, context, withTypeMeta: true);
                writer.EndMapping();
                break;
            default:
                WritePartialObjectMetadata(writer, usage.Name, null, node.Labels, apiVersion, context);
                break;
        }

        writer.EndMapping();
    }

    public static void WritePodRow<TWriter>(TWriter writer, in ServedPod pod, string apiVersion, in LayoutContext context)
        where TWriter : struct, IDocumentWriter
    {
        var usage = pod.Usage;
        writer.StartMapping();
        WriteCells(writer, usage.Name, usage.Total, usage.Measured);
        switch (context.RowObject)
        {
            case TableRowObject.None:
                writer.Null(FieldNames.Object);
                break;
            case TableRowObject.Object:
                writer.StartMapping(FieldNames.Object);
                MetricsObjectLayout.WritePodFields(writer, pod, context, withTypeMeta: true);
                writer.EndMapping();
                break;
            default:
                WritePartialObjectMetadata(writer, usage.Name, usage.Namespace, pod.Labels, apiVersion, context);
                break;
        }

        writer.EndMapping();
    }

    /// <summary>The row object of <c>includeObject=Metadata</c>, in the Table's own group version.</summary>
    private static void WritePartialObjectMetadata<TWriter>(
        TWriter writer, string name, string? objectNamespace, IReadOnlyDictionary<string, string>? labels, string apiVersion, in LayoutContext context)
        where TWriter : struct, IDocumentWriter
    {
        writer.StartMapping(FieldNames.Object);
        MetricsObjectLayout.WriteTypeMeta(writer, PartialObjectMetadataKind, apiVersion);
        MetricsObjectLayout.WriteObjectMeta(writer, name, objectNamespace, labels, context);
        writer.EndMapping();
    }

    private static void WriteCells<TWriter>(TWriter writer, string name, in ResourceUsage usage, in MeasurementWindow measured)
        where TWriter : struct, IDocumentWriter
    {
        var cpu = WireText.Cpu(usage.CpuNanoCores);
        var memory = WireText.Bytes(usage.MemoryBytes);
        var window = WireText.Window(measured);
        writer.StartSequence(FieldNames.Cells);
        writer.StringElement(name);
        writer.StringElement(cpu.Utf8);
        writer.StringElement(memory.Utf8);
        writer.StringElement(window.Utf8);
        writer.EndSequence();
    }

    private sealed record Column(string Name, string Format, string Description);
}
