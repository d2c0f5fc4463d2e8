using System.Buffers;

namespace MetricsOperator.Scraping;

/// <summary>
/// A worker's body buffer. It holds an array from the shared pool only from the first read of a body until
/// <see cref="Clear"/>, so the next body, on whichever thread, gets the array that thread gave back last (still in
/// its cache; 64 workers' own arrays were all cold by their turn) and idle workers hold none between rounds. The
/// array is sized for the previous body, so a body of the usual size is read without regrowing. It grows while
/// reading but never past the size limit plus one byte, so an oversized body is detected without buffering it.
/// </summary>
internal sealed class ResponseBuffer : IDisposable
{
    public const int InitialSize = 16 * 1024;

    /// <summary>A body larger than this (unusual) does not size the next rental.</summary>
    public const int SizeHintLimit = 1024 * 1024;

    private byte[] _buffer = [];
    private int _length;
    private int _nextSize = InitialSize;

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

    public int Length => _length;

    /// <summary>The size of the array held now; 0 between bodies.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Reads the whole stream; false when it holds more than <paramref name="limit"/> bytes.</summary>
    public async ValueTask<bool> FillAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        _length = 0;
        if (_buffer.Length == 0)
        {
            _buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(_nextSize, limit + 1L));
        }

        while (true)
        {
            if (_length == _buffer.Length)
            {
                Grow(limit + 1L);
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return true;
            }

            _length += read;
            if (_length > limit)
            {
                return false;
            }
        }
    }

    /// <summary>Forgets the content and gives the array back to the pool.</summary>
    public void Clear()
    {
        if (_buffer.Length > 0 && _length < SizeHintLimit)
        {
            // One byte more than the body: the read that sees its end needs room too.
            _nextSize = Math.Max(InitialSize, _length + 1);
        }

        _length = 0;
        ReturnToPool(_buffer);
        _buffer = [];
    }

    public void Dispose()
    {
        ReturnToPool(_buffer);
        _buffer = [];
        _length = 0;
    }

    private void Grow(long maxSize)
    {
        var next = ArrayPool<byte>.Shared.Rent((int)Math.Min(maxSize, Math.Max(InitialSize, (long)_buffer.Length * 2)));
        _buffer.AsSpan(0, _length).CopyTo(next);
        ReturnToPool(_buffer);
        _buffer = next;
    }

    private static void ReturnToPool(byte[] buffer)
    {
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
