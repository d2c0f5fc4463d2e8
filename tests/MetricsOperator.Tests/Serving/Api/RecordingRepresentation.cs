using System.Buffers;
using System.Text;
using MetricsOperator.Serving.Api;

namespace MetricsOperator.Tests.Serving.Api;

/// <summary>
/// A representation registered from outside the API's code (as the protobuf one will be): it writes which method
/// was called and the names it was given, so a test can tell it was chosen and fed.
/// </summary>
internal sealed class RecordingRepresentation(string contentType) : IMetricsRepresentation
{
    public const string Protobuf = "application/vnd.kubernetes.protobuf";

    public string ContentType { get; } = contentType;

    public void WriteNode(IBufferWriter<byte> output, in ServedNode node, in RepresentationContext context) =>
        Write(output, "node " + node.Usage.Name);

    public void WriteNodeList(IBufferWriter<byte> output, IReadOnlyList<ServedNode> nodes, in RepresentationContext context) =>
        Write(output, "nodes " + string.Join(',', nodes.Select(n => n.Usage.Name)));

    public void WritePod(IBufferWriter<byte> output, in ServedPod pod, in RepresentationContext context) =>
        Write(output, "pod " + pod.Usage.Namespace + "/" + pod.Usage.Name);

    public void WritePodList(IBufferWriter<byte> output, IReadOnlyList<ServedPod> pods, in RepresentationContext context) =>
        Write(output, "pods " + string.Join(',', pods.Select(p => p.Usage.Namespace + "/" + p.Usage.Name)));

    private static void Write(IBufferWriter<byte> output, string text) => output.Write(Encoding.UTF8.GetBytes(text));
}
