using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Scraping.Decoding;

/// <summary>Once its scratch state has grown to the payload, decoding allocates nothing.</summary>
[TestFixture]
internal sealed class KubeletPayloadDecoderAllocationTests
{
    [TestCase("kind-node-70-pods.prom")]
    [TestCase("decode-normal.prom")]
    public void DecodingAgainAllocatesNothing(string fixture)
    {
        var payload = KubeletFixture.Load(fixture).Payload;
        var decoder = new KubeletPayloadDecoder();
        var decoded = new DecodedPayload();
        Assert.That(decoder.TryDecode(payload, 0, decoded, out _), Is.True, "warm-up");

        var before = GC.GetAllocatedBytesForCurrentThread();
        var ok = decoder.TryDecode(payload, 0, decoded, out _);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(ok, Is.True);
        Assert.That(allocated, Is.Zero);
        Assert.That(decoded.Pods.Length, Is.Positive);
    }

    [Test]
    public void DroppingPodsAllocatesNothingEither()
    {
        var payload = System.Text.Encoding.UTF8.GetBytes(
            "container_cpu_usage_seconds_total{container=\"c\",namespace=\"ns\",pod=\"p\"} NaN\n" +
            "container_memory_working_set_bytes{container=\"d\",namespace=\"ns\",pod=\"p\"} 1\n" +
            "container_memory_working_set_bytes{namespace=\"ns\",pod=\"p\"} 1\n");
        var decoder = new KubeletPayloadDecoder();
        var decoded = new DecodedPayload();
        decoder.TryDecode(payload, 0, decoded, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        decoder.TryDecode(payload, 0, decoded, out _);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(decoded.Dropped.Length, Is.EqualTo(3));
        Assert.That(allocated, Is.Zero);
    }
}
