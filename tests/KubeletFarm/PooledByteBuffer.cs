using System.Buffers;
using System.Buffers.Text;

namespace MetricsOperator.KubeletFarm;

/// <summary>
/// A growable byte buffer rented from <see cref="ArrayPool{T}.Shared"/>, so a response body is built in one array and
/// sent with one write. Dispose returns the array; the instance must not be used afterwards.
/// </summary>
internal sealed class PooledByteBuffer : IDisposable
{
    private byte[] _array;
    private int _length;

    public PooledByteBuffer(int initialCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialCapacity);
        _array = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    public int Length => _length;

    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, _length);

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _length);

    public void Clear() => _length = 0;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _length += bytes.Length;
    }

    public void Append(byte value)
    {
        GetSpan(1)[0] = value;
        _length++;
    }

    public void AppendInteger(long value)
    {
        var span = GetSpan(20);
        if (!Utf8Formatter.TryFormat(value, span, out var written))
        {
            throw new InvalidOperationException("a 64-bit integer did not fit in 20 bytes");
        }

        _length += written;
    }

    /// <summary>Appends a float the way the kubelet's Go encoder writes it.</summary>
    public void AppendGoFloat(double value) => _length += GoFloatFormatter.Format(value, GetSpan(GoFloatFormatter.MaxLength));

    /// <summary>Appends <c>float64(nanoseconds) / 1e9</c> as the kubelet writes CPU seconds.</summary>
    public void AppendGoSecondsFromNanoseconds(long nanoseconds) =>
        _length += GoFloatFormatter.FormatNanosecondsAsSeconds(nanoseconds, GetSpan(GoFloatFormatter.MaxLength));

    /// <summary>Appends <c>float64(value)</c> as the kubelet writes byte counts.</summary>
    public void AppendGoInteger(long value) => _length += GoFloatFormatter.FormatInteger(value, GetSpan(GoFloatFormatter.MaxLength));

    /// <summary>A writable span of at least <paramref name="sizeHint"/> bytes after the written data; call <see cref="Advance"/> after filling it.</summary>
    public Span<byte> GetSpan(int sizeHint)
    {
        EnsureCapacity(_length + sizeHint);
        return _array.AsSpan(_length);
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(_length + count, _array.Length);
        _length += count;
    }

    /// <summary>Removes one written byte, shifting the rest left (used only to corrupt payloads on purpose).</summary>
    public void RemoveAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_length, nameof(index));
        _array.AsSpan(index + 1, _length - index - 1).CopyTo(_array.AsSpan(index));
        _length--;
    }

    /// <summary>Inserts one byte before <paramref name="index"/>, shifting the rest right.</summary>
    public void InsertAt(int index, byte value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)index, (uint)_length, nameof(index));
        EnsureCapacity(_length + 1);
        _array.AsSpan(index, _length - index).CopyTo(_array.AsSpan(index + 1));
        _array[index] = value;
        _length++;
    }

    public void Dispose()
    {
        var array = _array;
        _array = [];
        _length = 0;
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _array.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _array.Length * 2));
        _array.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_array);
        _array = larger;
    }
}
