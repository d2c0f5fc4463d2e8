using System.Buffers;
using System.Runtime.InteropServices;
using MetricsOperator.Storage;

namespace MetricsOperator.Serving.Api;

/// <summary>A node as served: its usage and its own labels (copied into the returned metadata).</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct ServedNode(NodeUsage Usage, IReadOnlyDictionary<string, string>? Labels);

/// <summary>A pod as served: its usage (valid while the read view is open) and its own labels.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct ServedPod(PodUsage Usage, IReadOnlyDictionary<string, string>? Labels);

/// <summary>What every representation needs besides the objects: the response time and whether swap is served.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct RepresentationContext(DateTimeOffset Now, bool IncludeSwap);

/// <summary>
/// One wire representation of the metrics.k8s.io/v1beta1 objects (JSON, YAML, protobuf, Table).
/// Content negotiation picks one; each writes straight into the response's buffer writer.
/// </summary>
internal interface IMetricsRepresentation
{
    /// <summary>The Content-Type of the response, e.g. <c>application/json</c>.</summary>
    string ContentType { get; }

    void WriteNode(IBufferWriter<byte> output, in ServedNode node, in RepresentationContext context);

    void WriteNodeList(IBufferWriter<byte> output, IReadOnlyList<ServedNode> nodes, in RepresentationContext context);

    void WritePod(IBufferWriter<byte> output, in ServedPod pod, in RepresentationContext context);

    void WritePodList(IBufferWriter<byte> output, IReadOnlyList<ServedPod> pods, in RepresentationContext context);
}
