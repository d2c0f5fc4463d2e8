using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Scraping;

public sealed class ResponseBufferTests
{
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(ResponseBuffer.InitialSize)]
    [TestCase(ResponseBuffer.InitialSize + 1)]
    [TestCase(100_000)]
    public async Task Reads_bodies_up_to_the_limit_exactly(int size)
    {
        var body = Enumerable.Range(0, size).Select(i => (byte)i).ToArray();
        using var buffer = new ResponseBuffer();

        var complete = await buffer.FillAsync(new MemoryStream(body), limit: size, CancellationToken.None);

        Assert.That(complete, Is.True);
        Assert.That(buffer.Span.ToArray(), Is.EqualTo(body));
    }

    [Test]
    public async Task One_byte_over_the_limit_is_refused_and_the_buffer_stays_bounded()
    {
        using var buffer = new ResponseBuffer();

        var complete = await buffer.FillAsync(new MemoryStream(new byte[200_001]), limit: 200_000, CancellationToken.None);

        Assert.That(complete, Is.False);
        Assert.That(buffer.Capacity, Is.LessThanOrEqualTo(2 * 200_001), "grown to the limit, not to the body");
    }

    [Test]
    public async Task Is_reusable_and_gives_back_oversized_arrays()
    {
        using var buffer = new ResponseBuffer();
        await buffer.FillAsync(new MemoryStream(new byte[3 * 1024 * 1024]), int.MaxValue - 1, CancellationToken.None);

        buffer.Clear();
        await buffer.FillAsync(new MemoryStream([1, 2, 3]), 10, CancellationToken.None);

        Assert.That(buffer.Capacity, Is.LessThanOrEqualTo(ResponseBuffer.RetainLimit));
        Assert.That(buffer.Span.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3 }));
    }
}
