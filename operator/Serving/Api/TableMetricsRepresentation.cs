using System.Buffers;
using System.IO.Pipelines;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// <c>application/json;as=Table;v=…;g=meta.k8s.io</c>: what <c>kubectl get nodemetrics/podmetrics</c> asks for first.
/// A single object is a one-row Table, as the API server answers a get.
/// </summary>
internal sealed class TableMetricsRepresentation : IStreamingMetricsRepresentation
{
    public const string Group = "meta.k8s.io";

    private readonly NodeTableLayout _nodes;
    private readonly PodTableLayout _pods;

    private TableMetricsRepresentation(string version)
    {
        var apiVersion = Group + "/" + version;
        _nodes = new NodeTableLayout(apiVersion);
        _pods = new PodTableLayout(apiVersion);
        ContentType = $"{JsonMetricsRepresentation.MediaType};as={TableLayout.Kind};v={version};g={Group}";
    }

    public static TableMetricsRepresentation V1 { get; } = new("v1");

    public static TableMetricsRepresentation V1Beta1 { get; } = new("v1beta1");

    public string ContentType { get; }

    public void WriteNode(IBufferWriter<byte> output, in ServedNode node, in RepresentationContext context) =>
        JsonList.Write(output, new SingleItem<ServedNode>(node), context, _nodes);

    public void WritePod(IBufferWriter<byte> output, in ServedPod pod, in RepresentationContext context) =>
        JsonList.Write(output, new SingleItem<ServedPod>(pod), context, _pods);

    public void WriteNodeList(IBufferWriter<byte> output, IReadOnlyList<ServedNode> nodes, in RepresentationContext context) =>
        JsonList.Write(output, nodes, context, _nodes);

    public void WritePodList(IBufferWriter<byte> output, IReadOnlyList<ServedPod> pods, in RepresentationContext context) =>
        JsonList.Write(output, pods, context, _pods);

    public ValueTask WriteNodeListAsync(PipeWriter output, IReadOnlyList<ServedNode> nodes, RepresentationContext context, CancellationToken cancellationToken) =>
        JsonList.WriteAsync(output, nodes, context, _nodes, cancellationToken);

    public ValueTask WritePodListAsync(PipeWriter output, IReadOnlyList<ServedPod> pods, RepresentationContext context, CancellationToken cancellationToken) =>
        JsonList.WriteAsync(output, pods, context, _pods, cancellationToken);
}
