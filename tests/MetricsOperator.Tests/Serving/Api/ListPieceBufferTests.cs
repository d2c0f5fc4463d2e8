using MetricsOperator.Serving.Api;

namespace MetricsOperator.Tests.Serving.Api;

/// <summary>The buffer a streamed list writes its next piece into grows past its rented size and keeps what was written.</summary>
public sealed class ListPieceBufferTests
{
    [Test]
    public void A_piece_larger_than_the_buffer_grows_it_and_keeps_every_byte()
    {
        using var buffer = new ListPieceBuffer(16);
        var expected = new List<byte>();
        for (var i = 0; i < 100; i++)
        {
            var span = buffer.GetSpan(7);
            for (var j = 0; j < 7; j++)
            {
                span[j] = (byte)(i + j);
                expected.Add((byte)(i + j));
            }

            buffer.Advance(7);
        }

        Assert.That(buffer.WrittenSpan.ToArray(), Is.EqualTo(expected.ToArray()));
        buffer.Clear();
        Assert.That(buffer.WrittenSpan.Length, Is.Zero);
    }

    [Test]
    public void Advancing_past_the_span_given_is_refused()
    {
        using var buffer = new ListPieceBuffer(16);
        var length = buffer.GetSpan(4).Length;

        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Advance(length + 1));
    }

    [Test]
    public void A_disposed_buffer_refuses_to_hand_out_memory()
    {
        var buffer = new ListPieceBuffer(16);
        buffer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => buffer.GetSpan(1));
    }
}
