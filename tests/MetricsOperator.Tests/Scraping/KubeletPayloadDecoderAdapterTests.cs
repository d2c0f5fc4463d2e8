using System.Text;
using MetricsOperator.Scraping;
using MetricsOperator.Tests.Scraping.Decoding;

namespace MetricsOperator.Tests.Scraping;

/// <summary>The production decoder keeps its scratch tables per thread, shared by every worker's adapter on it.</summary>
internal sealed class KubeletPayloadDecoderAdapterTests
{
    // 70 containers: more than a new decoder's tables hold, so a decoder of its own would grow them on first use.
    private const string Fixture = "kind-node-70-pods.prom";

    [Test]
    public void A_new_adapter_on_a_thread_that_decoded_before_allocates_nothing()
    {
        var payload = KubeletFixture.Load(Fixture).Payload;
        var decoded = new DecodedPayload();
        Assert.That(KubeletPayloadDecoderAdapter.Factory().TryDecode(payload, 0, decoded, out _), Is.True, "warm-up");
        var another = KubeletPayloadDecoderAdapter.Factory();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var ok = another.TryDecode(payload, 0, decoded, out _);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(ok, Is.True);
        Assert.That(allocated, Is.Zero, "the thread's tables have grown already");
        Assert.That(Describe(decoded), Is.EqualTo(Reference(payload)));
    }

    [Test]
    public void Adapters_alternating_on_one_thread_each_get_their_own_payload()
    {
        var large = KubeletFixture.Load(Fixture).Payload;
        var small = Encoding.UTF8.GetBytes(
            "container_cpu_usage_seconds_total{container=\"c\",namespace=\"ns\",pod=\"p\"} 1 1000\n" +
            "container_memory_working_set_bytes{container=\"c\",namespace=\"ns\",pod=\"p\"} 2 1000\n");
        var first = KubeletPayloadDecoderAdapter.Factory();
        var second = KubeletPayloadDecoderAdapter.Factory();
        var intoFirst = new DecodedPayload();
        var intoSecond = new DecodedPayload();

        for (var i = 0; i < 3; i++)
        {
            Assert.That(first.TryDecode(large, 0, intoFirst, out _), Is.True);
            Assert.That(second.TryDecode(small, 0, intoSecond, out _), Is.True);
        }

        Assert.That(Describe(intoFirst), Is.EqualTo(Reference(large)));
        Assert.That(Describe(intoSecond), Is.EqualTo(Reference(small)));
    }

    [Test]
    public async Task Decodes_correctly_on_several_threads_at_once()
    {
        var payload = KubeletFixture.Load(Fixture).Payload;
        var expected = Reference(payload);
        using var start = new Barrier(4);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Factory.StartNew(
            () =>
            {
                var adapter = KubeletPayloadDecoderAdapter.Factory();
                var decoded = new DecodedPayload();
                start.SignalAndWait();
                var same = true;
                for (var i = 0; i < 200; i++)
                {
                    same &= adapter.TryDecode(payload, 0, decoded, out _) && Describe(decoded) == expected;
                }

                return same;
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));

        Assert.That(results, Is.All.True);
    }

    private static string Reference(byte[] payload)
    {
        var decoded = new DecodedPayload();
        Assert.That(new KubeletPayloadDecoder().TryDecode(payload, 0, decoded, out _), Is.True);
        return Describe(decoded);
    }

    private static string Describe(DecodedPayload decoded)
    {
        var text = new StringBuilder();
        text.Append(decoded.HasNode ? decoded.Node.CpuNanoCoreSeconds : 0).Append(';');
        foreach (var pod in decoded.Pods)
        {
            text.Append(Encoding.UTF8.GetString(decoded.Label(pod.Namespace))).Append('/').Append(Encoding.UTF8.GetString(decoded.Label(pod.Name))).Append(':');
            foreach (var container in decoded.ContainersOf(pod))
            {
                text.Append(Encoding.UTF8.GetString(decoded.Label(container.Name))).Append('=')
                    .Append(container.CpuNanoCoreSeconds).Append(',').Append(container.MemoryWorkingSetBytes).Append(' ');
            }
        }

        return text.ToString();
    }
}
