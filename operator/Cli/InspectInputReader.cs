using System.Buffers;

namespace MetricsOperator.Cli;

/// <summary>A payload read into a pooled buffer; dispose it to give the buffer back.</summary>
internal sealed class PooledPayload : IDisposable
{
    private byte[]? _buffer;

    public PooledPayload(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => (_buffer ?? throw new ObjectDisposedException(nameof(PooledPayload))).AsSpan(0, Length);

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>
/// Reads a whole input stream, refusing anything larger than a limit: the buffer grows from the pool only as far as
/// the limit plus one byte, so an endless or huge input is never buffered beyond that.
/// </summary>
internal static class InspectInputReader
{
    private const int InitialBufferBytes = 64 * 1024;

    /// <summary>The largest limit a single pooled array can honour.</summary>
    public static long MaxLimit => Array.MaxLength - 1;

    /// <returns>The payload, or null when the input is larger than <paramref name="maxBytes"/>.</returns>
    public static PooledPayload? Read(Stream input, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBytes, MaxLimit);

        var ceiling = (int)maxBytes + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferBytes, ceiling));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    // length <= maxBytes here, so the new size is larger than length.
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, ceiling));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = input.Read(buffer, length, Math.Min(buffer.Length, ceiling) - length);
                if (read == 0)
                {
                    return new PooledPayload(buffer, length);
                }

                length += read;
                if (length > maxBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
