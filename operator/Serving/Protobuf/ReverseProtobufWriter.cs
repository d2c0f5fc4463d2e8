using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace MetricsOperator.Serving.Protobuf;

/// <summary>
/// Builds protobuf bytes back to front in a pooled buffer. A nested message is written content first, so its
/// length is known by the time its tag and length prefix are prepended: one pass, no size pre-computation, and every
/// value is read and formatted exactly once. Callers prepend fields in reverse order to get them in ascending order.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal ref struct ReverseProtobufWriter
{
    /// <summary>A varint of a 64-bit value never takes more than 10 bytes.</summary>
    private const int MaxVarintLength = 10;

    private const int LengthDelimited = 2;
    private const int VarintWireType = 0;
    private const int Fixed64WireType = 1;

    private byte[] _buffer;
    private int _start;

    public ReverseProtobufWriter(int initialCapacity)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));
        _start = _buffer.Length;
    }

    /// <summary>Bytes written so far; also the mark a caller keeps to frame the message it is about to prepend.</summary>
    public readonly int Length => _buffer.Length - _start;

    public readonly ReadOnlySpan<byte> Written => _buffer.AsSpan(_start);

    /// <summary>Frames everything prepended since <paramref name="endMark"/> (a <see cref="Length"/> taken before) as field <paramref name="field"/>.</summary>
    public void PrependMessageHeader(int field, int endMark)
    {
        PrependVarint((uint)(Length - endMark));
        PrependTag(field, LengthDelimited);
    }

    public void PrependBytesField(int field, scoped ReadOnlySpan<byte> value)
    {
        value.CopyTo(Reserve(value.Length));
        PrependVarint((uint)value.Length);
        PrependTag(field, LengthDelimited);
    }

    public void PrependStringField(int field, string value)
    {
        // Kubernetes names and labels are ASCII: one vectorised pass. Anything else is measured, then encoded.
        var end = Length;
        if (Ascii.FromUtf16(value, Reserve(value.Length), out _) != OperationStatus.Done)
        {
            _start = _buffer.Length - end;
            Encoding.UTF8.GetBytes(value, Reserve(Encoding.UTF8.GetByteCount(value)));
        }

        PrependVarint((uint)(Length - end));
        PrependTag(field, LengthDelimited);
    }

    /// <summary>An int64 field, encoded as Go does: the two's complement bits as an unsigned varint.</summary>
    public void PrependInt64Field(int field, long value)
    {
        PrependVarint((ulong)value);
        PrependTag(field, VarintWireType);
    }

    public void PrependBoolField(int field, bool value)
    {
        PrependVarint(value ? 1UL : 0UL);
        PrependTag(field, VarintWireType);
    }

    /// <summary>A double field: its IEEE 754 bits, little-endian, as protobuf's fixed64 wire type.</summary>
    public void PrependDoubleField(int field, double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(Reserve(sizeof(double)), value);
        PrependTag(field, Fixed64WireType);
    }

    public readonly void CopyTo(IBufferWriter<byte> output) => output.Write(Written);

    /// <summary>Bytes written elsewhere: the envelope's magic number, or fields encoded once and cached.</summary>
    public void PrependRaw(scoped ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _start = 0;
        }
    }

    private void PrependVarint(ulong value)
    {
        if (value < 0x80)
        {
            Reserve(1)[0] = (byte)value;
            return;
        }

        Span<byte> scratch = stackalloc byte[MaxVarintLength];
        var length = 0;
        while (value >= 0x80)
        {
            scratch[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        scratch[length++] = (byte)value;
        scratch[..length].CopyTo(Reserve(length));
    }

    private void PrependTag(int field, int wireType) => PrependVarint((uint)((field << 3) | wireType));

    private Span<byte> Reserve(int count)
    {
        if (count > _start)
        {
            Grow(count);
        }

        _start -= count;
        return _buffer.AsSpan(_start, count);
    }

    /// <summary>Moves the written bytes to the end of a buffer at least twice as large.</summary>
    private void Grow(int needed)
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, typeof(ReverseProtobufWriter));
        var length = Length;
        var capacity = (int)Math.Min(Array.MaxLength, Math.Max((long)_buffer.Length * 2, (long)length + needed));
        if (capacity - length < needed)
        {
            throw new InvalidOperationException($"a protobuf message cannot exceed {Array.MaxLength} bytes");
        }

        var larger = ArrayPool<byte>.Shared.Rent(capacity);
        var start = larger.Length - length;
        _buffer.AsSpan(_start).CopyTo(larger.AsSpan(start));
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
        _start = start;
    }
}
