using System.Runtime.CompilerServices;
using MetricsOperator.Kubernetes.Pods;

namespace MetricsOperator.Serving.Protobuf;

/// <summary>
/// The <c>ObjectMeta.labels</c> map entries of a label set, encoded once per <see cref="LabelSet"/> instance (the
/// protobuf counterpart of the JSON label cache): the pods an HPA selects mostly share one instance, so a list copies
/// these bytes instead of encoding every key and value again. Entries live as long as their label set.
/// </summary>
internal static class ProtobufLabelCache
{
    private static readonly ConditionalWeakTable<LabelSet, byte[]> Encoded = [];

    public static byte[] Get(LabelSet labels) => Encoded.GetValue(labels, Encode);

    private static byte[] Encode(LabelSet labels)
    {
        var writer = new ReverseProtobufWriter(16 + (labels.Count * 48));
        try
        {
            ObjectMetaMessage.PrependEntries(ref writer, labels.Pairs);
            return writer.Written.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }
}
