using System.Buffers;
using MetricsOperator.Serving.Api;

namespace MetricsOperator.Serving.Protobuf;

/// <summary>
/// The Kubernetes protobuf representation (what kubectl asks for first): the k8s.io/metrics v1beta1 messages in
/// the <see cref="KubernetesProtobufEnvelope"/>. Each body is built back to front in a pooled buffer, then copied
/// to the response in one piece.
/// </summary>
internal sealed class ProtobufMetricsRepresentation : IMetricsRepresentation
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    /// <summary>First guesses of the body size; the buffer grows if labels make an object larger.</summary>
    private const int BytesPerObject = 192;

    private const int BytesPerContainer = 64;

    public string ContentType => MediaType;

    public void WriteNode(IBufferWriter<byte> output, in ServedNode node, in RepresentationContext context)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = new ReverseProtobufWriter(BytesPerObject);
        try
        {
            MetricsMessages.PrependNode(ref writer, node, context);
            KubernetesProtobufEnvelope.Wrap(ref writer, "NodeMetrics"u8);
            writer.CopyTo(output);
        }
        finally
        {
            writer.Dispose();
        }
    }

    public void WriteNodeList(IBufferWriter<byte> output, IReadOnlyList<ServedNode> nodes, in RepresentationContext context)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(nodes);
        var writer = new ReverseProtobufWriter(EstimateListSize(nodes.Count, BytesPerObject));
        try
        {
            MetricsMessages.PrependNodeList(ref writer, nodes, context);
            KubernetesProtobufEnvelope.Wrap(ref writer, "NodeMetricsList"u8);
            writer.CopyTo(output);
        }
        finally
        {
            writer.Dispose();
        }
    }

    public void WritePod(IBufferWriter<byte> output, in ServedPod pod, in RepresentationContext context)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = new ReverseProtobufWriter(BytesPerObject + (pod.Usage.Containers.Count * BytesPerContainer));
        try
        {
            MetricsMessages.PrependPod(ref writer, pod, context);
            KubernetesProtobufEnvelope.Wrap(ref writer, "PodMetrics"u8);
            writer.CopyTo(output);
        }
        finally
        {
            writer.Dispose();
        }
    }

    public void WritePodList(IBufferWriter<byte> output, IReadOnlyList<ServedPod> pods, in RepresentationContext context)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(pods);
        var writer = new ReverseProtobufWriter(EstimateListSize(pods.Count, BytesPerObject + BytesPerContainer));
        try
        {
            MetricsMessages.PrependPodList(ref writer, pods, context);
            KubernetesProtobufEnvelope.Wrap(ref writer, "PodMetricsList"u8);
            writer.CopyTo(output);
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static int EstimateListSize(int count, int bytesPerItem) =>
        (int)Math.Min(Array.MaxLength, ((long)count * bytesPerItem) + BytesPerObject);
}
