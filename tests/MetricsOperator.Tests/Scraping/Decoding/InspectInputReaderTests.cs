using MetricsOperator.Cli;

namespace MetricsOperator.Tests.Scraping.Decoding;

[TestFixture]
internal sealed class InspectInputReaderTests
{
    [TestCase(1, 1)]
    [TestCase(100_000, 100_000)]
    [TestCase(100_000, 1_000_000)]
    [TestCase(0, 10)]
    public void ReadsInputsUpToTheLimit(int size, long limit)
    {
        var bytes = Enumerable.Range(0, size).Select(i => (byte)i).ToArray();

        using var payload = InspectInputReader.Read(new MemoryStream(bytes), limit);

        Assert.That(payload, Is.Not.Null);
        Assert.That(payload!.Span.ToArray(), Is.EqualTo(bytes));
    }

    [TestCase(2, 1)]
    [TestCase(100_001, 100_000)]
    public void RefusesInputsOverTheLimit(int size, long limit)
    {
        using var payload = InspectInputReader.Read(new MemoryStream(new byte[size]), limit);

        Assert.That(payload, Is.Null);
    }

    [Test]
    public void CopesWithStreamsThatReturnOneByteAtATime()
    {
        var bytes = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray();

        using var payload = InspectInputReader.Read(new TrickleStream(bytes), 70_000);

        Assert.That(payload!.Span.SequenceEqual(bytes), Is.True);
    }

    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
    }
}
