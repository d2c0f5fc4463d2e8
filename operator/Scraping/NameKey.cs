using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace MetricsOperator.Scraping;

/// <summary>
/// A name's first 16 bytes, zero-padded, as two big-endian integers, and its length capped at 17. Comparing keys orders
/// names as ordinal bytes do: padded bytes first, then length (the shorter name is then a prefix of the longer one).
/// A name of at most 16 bytes is held whole (<see cref="IsWhole"/>), so equal keys mean equal names; longer names with
/// equal keys still have to be compared in full.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct NameKey(ulong High, ulong Low, int Length) : IComparable<NameKey>
{
    private const int WholeLength = 2 * sizeof(ulong);

    public bool IsWhole => Length <= WholeLength;

    public static NameKey Of(ReadOnlySpan<byte> name)
    {
        if (name.Length >= WholeLength)
        {
            return new NameKey(
                BinaryPrimitives.ReadUInt64BigEndian(name),
                BinaryPrimitives.ReadUInt64BigEndian(name[sizeof(ulong)..]),
                Math.Min(name.Length, WholeLength + 1));
        }

        if (name.Length > sizeof(ulong))
        {
            // The last eight bytes overlap the first ones; shifting the overlap out leaves bytes 8.. followed by zeros.
            var tail = BinaryPrimitives.ReadUInt64BigEndian(name[^sizeof(ulong)..]);
            return new NameKey(BinaryPrimitives.ReadUInt64BigEndian(name), tail << (8 * (WholeLength - name.Length)), name.Length);
        }

        if (name.Length == sizeof(ulong))
        {
            return new NameKey(BinaryPrimitives.ReadUInt64BigEndian(name), 0, name.Length);
        }

        ulong high = 0;
        for (var i = 0; i < name.Length; i++)
        {
            high |= (ulong)name[i] << (56 - (8 * i));
        }

        return new NameKey(high, 0, name.Length);
    }

    public int CompareTo(NameKey other) =>
        High != other.High ? (High < other.High ? -1 : 1)
        : Low != other.Low ? (Low < other.Low ? -1 : 1)
        : Length.CompareTo(other.Length);
}
