using System.Buffers;
using MetricsOperator.Kubernetes.Pods;

namespace MetricsOperator.Serving.Protobuf;

/// <summary>
/// The apimachinery <c>ObjectMeta</c> of a served metrics object: name, namespace (pods only), the creation timestamp
/// (the response time, as the reference sets it) and the node's or pod's own labels as map entries in key order.
/// </summary>
internal static class ObjectMetaMessage
{
    public static void Prepend(
        ref ReverseProtobufWriter writer,
        int field,
        string name,
        string? podNamespace,
        IReadOnlyDictionary<string, string>? labels,
        DateTimeOffset now)
    {
        var end = writer.Length;
        PrependLabels(ref writer, labels);
        MetricsMessages.PrependTime(ref writer, MetricsProtoFields.ObjectMeta.CreationTimestamp, now.ToUnixTimeSeconds());
        if (podNamespace is not null)
        {
            writer.PrependStringField(MetricsProtoFields.ObjectMeta.Namespace, podNamespace);
        }

        writer.PrependStringField(MetricsProtoFields.ObjectMeta.Name, name);
        writer.PrependMessageHeader(field, end);
    }

    private static void PrependLabels(ref ReverseProtobufWriter writer, IReadOnlyDictionary<string, string>? labels)
    {
        switch (labels)
        {
            case null or { Count: 0 }:
                return;
            case LabelSet shared:
                writer.PrependRaw(ProtobufLabelCache.Get(shared));
                return;
        }

        // Any other dictionary: sort a pooled copy, so the bytes do not depend on its enumeration order.
        var pairs = ArrayPool<KeyValuePair<string, string>>.Shared.Rent(labels.Count);
        try
        {
            var count = 0;
            foreach (var pair in labels)
            {
                pairs[count++] = pair;
            }

            var span = pairs.AsSpan(0, count);
            span.Sort(default(OrdinalKeyOrder));
            PrependEntries(ref writer, span);
        }
        finally
        {
            ArrayPool<KeyValuePair<string, string>>.Shared.Return(pairs, clearArray: true);
        }
    }

    /// <summary>The labels' map entries; <paramref name="pairs"/> are in key order, as Go writes them.</summary>
    public static void PrependEntries(ref ReverseProtobufWriter writer, ReadOnlySpan<KeyValuePair<string, string>> pairs)
    {
        for (var i = pairs.Length - 1; i >= 0; i--)
        {
            var end = writer.Length;
            writer.PrependStringField(MetricsProtoFields.MapEntry.Value, pairs[i].Value);
            writer.PrependStringField(MetricsProtoFields.MapEntry.Key, pairs[i].Key);
            writer.PrependMessageHeader(MetricsProtoFields.ObjectMeta.Labels, end);
        }
    }

    private readonly struct OrdinalKeyOrder : IComparer<KeyValuePair<string, string>>
    {
        public int Compare(KeyValuePair<string, string> x, KeyValuePair<string, string> y) => string.CompareOrdinal(x.Key, y.Key);
    }
}
