using System.Buffers;

namespace MetricsOperator.Scraping;

/// <summary>
/// A worker's reusable body buffer, rented from the shared pool. It grows while reading but never past the
/// size limit plus one byte, so an oversized body is detected without buffering it.
/// </summary>
internal sealed class ResponseBuffer : IDisposable
{
    public const int InitialSize = 16 * 1024;

    /// <summary>A buffer grown past this (one unusually large payload) goes back to the pool after use.</summary>
    public const int RetainLimit = 1024 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    private int _length;

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

    public int Length => _length;

    public int Capacity => _buffer.Length;

    /// <summary>Reads the whole stream; false when it holds more than <paramref name="limit"/> bytes.</summary>
    public async ValueTask<bool> FillAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        _length = 0;
        while (true)
        {
            if (_length == _buffer.Length)
            {
                Grow(limit + 1);
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

    /// <summary>Forgets the content and gives an oversized array back to the pool.</summary>
    public void Clear()
    {
        _length = 0;
        if (_buffer.Length > RetainLimit)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
        }
    }

    public void Dispose()
    {
        ReturnToPool(_buffer);
        _buffer = [];
        _length = 0;
    }

    private void Grow(int maxSize)
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
