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
    public async Task Is_reusable_and_does_not_size_the_next_array_for_an_oversized_body()
    {
        using var buffer = new ResponseBuffer();
        await buffer.FillAsync(new MemoryStream(new byte[3 * 1024 * 1024]), int.MaxValue - 1, CancellationToken.None);

        buffer.Clear();
        var stream = new ReadSizeRecordingStream(new byte[] { 1, 2, 3 });
        await buffer.FillAsync(stream, int.MaxValue - 1, CancellationToken.None);

        Assert.That(stream.ReadSizes[0], Is.LessThanOrEqualTo(ResponseBuffer.SizeHintLimit));
        Assert.That(buffer.Span.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public async Task Holds_no_array_between_bodies()
    {
        using var buffer = new ResponseBuffer();
        Assert.That(buffer.Capacity, Is.Zero, "before the first body");

        await buffer.FillAsync(new MemoryStream(new byte[50_000]), 100_000, CancellationToken.None);
        Assert.That(buffer.Capacity, Is.GreaterThanOrEqualTo(50_000));

        buffer.Clear();
        Assert.That(buffer.Capacity, Is.Zero, "after Clear the array is back in the pool");
        Assert.That(buffer.Length, Is.Zero);
    }

    [Test]
    public async Task Reads_a_body_of_the_previous_size_without_regrowing()
    {
        using var buffer = new ResponseBuffer();
        await buffer.FillAsync(new MemoryStream(new byte[50_000]), 100_000, CancellationToken.None);
        buffer.Clear();

        var stream = new ReadSizeRecordingStream(new byte[50_000]);
        var complete = await buffer.FillAsync(stream, 100_000, CancellationToken.None);

        Assert.That(complete, Is.True);
        Assert.That(stream.ReadSizes[0], Is.GreaterThan(50_000), "the first read has room for the whole body and the end");
        Assert.That(stream.ReadSizes, Has.Count.EqualTo(2), "the body, then the end");
    }

    [Test]
    public async Task Sizes_the_first_array_within_a_small_limit()
    {
        using var buffer = new ResponseBuffer();
        await buffer.FillAsync(new MemoryStream(new byte[50_000]), 100_000, CancellationToken.None);
        buffer.Clear();

        var complete = await buffer.FillAsync(new MemoryStream(new byte[11]), limit: 10, CancellationToken.None);

        Assert.That(complete, Is.False);
        Assert.That(buffer.Capacity, Is.LessThan(50_000), "a limit below the previous body bounds the rental");
    }

    /// <summary>Hands out its content in reads as large as asked and records how large each read was.</summary>
    private sealed class ReadSizeRecordingStream(byte[] content) : MemoryStream(content)
    {
        public List<int> ReadSizes { get; } = [];

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            ReadSizes.Add(buffer.Length);
            return base.ReadAsync(buffer, cancellationToken);
        }
    }
}
