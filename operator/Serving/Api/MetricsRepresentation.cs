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

/// <summary>
/// What every representation needs besides the objects: the response time, whether swap is served, and (Table only)
/// what each row's <c>object</c> holds, from the request's <c>includeObject</c> parameter.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct RepresentationContext(DateTimeOffset Now, bool IncludeSwap, TableRowObject RowObject = TableRowObject.Metadata);

/// <summary>The <c>includeObject</c> choices of a Table request (meta/v1 <c>IncludeObjectPolicy</c>).</summary>
internal enum TableRowObject
{
    /// <summary><c>Metadata</c>, the default: a <c>PartialObjectMetadata</c> per row.</summary>
    Metadata,

    /// <summary><c>None</c>: <c>object</c> is null.</summary>
    None,

    /// <summary><c>Object</c>: the whole NodeMetrics or PodMetrics.</summary>
    Object,
}

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
