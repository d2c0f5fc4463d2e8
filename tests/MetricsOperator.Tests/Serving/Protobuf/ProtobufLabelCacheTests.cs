using MetricsOperator.Kubernetes.Pods;
using MetricsOperator.Serving.Protobuf;

namespace MetricsOperator.Tests.Serving.Protobuf;

public sealed class ProtobufLabelCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void Cached_labels_write_the_bytes_of_labels_encoded_in_place()
    {
        // A plain dictionary is sorted and encoded on every write; a label set's entries come from the cache.
        var plain = new Dictionary<string, string> { ["tier"] = "frontend", ["app"] = "web-7", ["pod-template-hash"] = "h7", ["é"] = "ü" };
        var shared = LabelSet.From(plain);

        var expected = Meta(plain);
        Assert.Multiple(() =>
        {
            Assert.That(Meta(shared), Is.EqualTo(expected), "first write encodes the cache entry");
            Assert.That(Meta(shared), Is.EqualTo(expected), "second write copies it");
        });
    }

    private static byte[] Meta(IReadOnlyDictionary<string, string> labels)
    {
        var writer = new ReverseProtobufWriter(16);
        try
        {
            ObjectMetaMessage.Prepend(ref writer, MetricsProtoFields.PodMetrics.Metadata, "pod-1", "team-07", labels, Now);
            return writer.Written.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }
}
