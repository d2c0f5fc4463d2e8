using System.Buffers;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// <c>application/json;as=Table;v=…;g=meta.k8s.io</c>: what <c>kubectl get nodemetrics/podmetrics</c> asks for first.
/// A single object is a one-row Table, as the API server answers a get.
/// </summary>
internal sealed class TableMetricsRepresentation : IMetricsRepresentation
{
    public const string Group = "meta.k8s.io";

    private readonly string _apiVersion;

    private TableMetricsRepresentation(string version)
    {
        _apiVersion = Group + "/" + version;
        ContentType = $"{JsonMetricsRepresentation.MediaType};as={TableLayout.Kind};v={version};g={Group}";
    }

    public static TableMetricsRepresentation V1 { get; } = new("v1");

    public static TableMetricsRepresentation V1Beta1 { get; } = new("v1beta1");

    public string ContentType { get; }

    public void WriteNode(IBufferWriter<byte> output, in ServedNode node, in RepresentationContext context)
    {
        var json = JsonDocumentWriter.Rent(output);
        var writer = new JsonDocumentWriter(json);
        var layout = new LayoutContext(context);
        TableLayout.WriteStart(writer, _apiVersion);
        TableLayout.WriteNodeRow(writer, node, _apiVersion, context.RowObject, layout);
        TableLayout.WriteEnd(writer);
        JsonDocumentWriter.Return(json);
    }

    public void WriteNodeList(IBufferWriter<byte> output, IReadOnlyList<ServedNode> nodes, in RepresentationContext context)
    {
        var json = JsonDocumentWriter.Rent(output);
        var writer = new JsonDocumentWriter(json);
        var layout = new LayoutContext(context);
        TableLayout.WriteStart(writer, _apiVersion);
        for (var i = 0; i < nodes.Count; i++)
        {
            TableLayout.WriteNodeRow(writer, nodes[i], _apiVersion, context.RowObject, layout);
        }

        TableLayout.WriteEnd(writer);
        JsonDocumentWriter.Return(json);
    }

    public void WritePod(IBufferWriter<byte> output, in ServedPod pod, in RepresentationContext context)
    {
        var json = JsonDocumentWriter.Rent(output);
        var writer = new JsonDocumentWriter(json);
        var layout = new LayoutContext(context);
        TableLayout.WriteStart(writer, _apiVersion);
        TableLayout.WritePodRow(writer, pod, _apiVersion, context.RowObject, layout);
        TableLayout.WriteEnd(writer);
        JsonDocumentWriter.Return(json);
    }

    public void WritePodList(IBufferWriter<byte> output, IReadOnlyList<ServedPod> pods, in RepresentationContext context)
    {
        var json = JsonDocumentWriter.Rent(output);
        var writer = new JsonDocumentWriter(json);
        var layout = new LayoutContext(context);
        TableLayout.WriteStart(writer, _apiVersion);
        for (var i = 0; i < pods.Count; i++)
        {
            TableLayout.WritePodRow(writer, pods[i], _apiVersion, context.RowObject, layout);
        }

        TableLayout.WriteEnd(writer);
        JsonDocumentWriter.Return(json);
    }
}
