using System.Buffers;
using System.IO.Pipelines;

namespace MetricsOperator.Serving.Api;

/// <summary><c>application/json</c>: NodeMetrics, PodMetrics and their lists, written straight into the response buffer.</summary>
internal sealed class JsonMetricsRepresentation : IStreamingMetricsRepresentation, IPodSelectionRepresentation
{
    public const string MediaType = "application/json";

    public string ContentType => MediaType;

    public void WriteNode(IBufferWriter<byte> output, in ServedNode node, in RepresentationContext context)
    {
        var json = JsonDocumentWriter.Rent(output);
        MetricsObjectLayout.WriteNode(new JsonDocumentWriter(json), node, new LayoutContext(context), withTypeMeta: true);
        JsonDocumentWriter.Return(json);
    }

    public void WritePod(IBufferWriter<byte> output, in ServedPod pod, in RepresentationContext context)
    {
        var json = JsonDocumentWriter.Rent(output);
        MetricsObjectLayout.WritePod(new JsonDocumentWriter(json), pod, new LayoutContext(context), withTypeMeta: true);
        JsonDocumentWriter.Return(json);
    }

    public void WriteNodeList(IBufferWriter<byte> output, IReadOnlyList<ServedNode> nodes, in RepresentationContext context) =>
        JsonList.Write(output, nodes, context, NodeListLayout.Instance);

    public void WritePodList(IBufferWriter<byte> output, IReadOnlyList<ServedPod> pods, in RepresentationContext context) =>
        JsonPodList.Write(output, pods, context);

    public ValueTask WriteNodeListAsync(PipeWriter output, IReadOnlyList<ServedNode> nodes, RepresentationContext context, CancellationToken cancellationToken) =>
        JsonList.WriteAsync(output, nodes, context, NodeListLayout.Instance, cancellationToken);

    // Long JSON pod lists reach the endpoint's PodSelection overload below; this one remains for the interface.
    public ValueTask WritePodListAsync(PipeWriter output, IReadOnlyList<ServedPod> pods, RepresentationContext context, CancellationToken cancellationToken) =>
        JsonList.WriteAsync(output, pods, context, PodListLayout.Instance, cancellationToken);

    public ValueTask WritePodListAsync(PipeWriter output, PodSelection pods, RepresentationContext context, CancellationToken cancellationToken) =>
        JsonPodList.WriteAsync(output, pods, context, cancellationToken);
}
