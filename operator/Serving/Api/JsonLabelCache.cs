using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using MetricsOperator.Kubernetes.Pods;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// The JSON of a label set (<c>{"app":"web",…}</c>), encoded once per <see cref="LabelSet"/> instance. The caches
/// share one instance among all pods with the same labels (an HPA's target pods mostly do), so a list copies these
/// bytes instead of escaping and transcoding every key and value again. Entries live as long as their label set.
/// </summary>
internal static class JsonLabelCache
{
    private static readonly ConditionalWeakTable<LabelSet, byte[]> Encoded = [];

    public static byte[] Get(LabelSet labels) => Encoded.GetValue(labels, Encode);

    private static byte[] Encode(LabelSet labels)
    {
        var output = new ArrayBufferWriter<byte>(64 + (labels.Count * 48));
        using (var json = new Utf8JsonWriter(output, JsonDocumentWriter.Options))
        {
            json.WriteStartObject();
            foreach (var (key, value) in labels.Pairs)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }
}
