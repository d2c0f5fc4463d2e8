using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace MetricsOperator.Scraping;

/// <summary>
/// Hashes label values for the decoder's tables eight bytes per step (a 64×64→128-bit multiply folded to 64 bits),
/// several times faster than <see cref="HashCode.AddBytes"/>, which mixes four bytes per round. The seed is random
/// per process, like <see cref="HashCode"/>'s, so a payload cannot be crafted offline to collide.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal struct LabelKeyHasher
{
    private const ulong Multiplier1 = 0xa0761d6478bd642f;
    private const ulong Multiplier2 = 0xe7037ed1a0b428db;

    private static readonly ulong Seed = (ulong)Random.Shared.NextInt64();

    private ulong _state;

    public static LabelKeyHasher Create() => new() { _state = Seed };

    /// <summary>Adds a value and its length, so ("ab","c") and ("a","bc") differ.</summary>
    public void Add(ReadOnlySpan<byte> value)
    {
        var state = _state ^ (ulong)value.Length;
        while (value.Length >= sizeof(ulong))
        {
            state = Mix(state ^ BinaryPrimitives.ReadUInt64LittleEndian(value), Multiplier1);
            value = value[sizeof(ulong)..];
        }

        ulong tail = 0;
        for (var i = 0; i < value.Length; i++)
        {
            tail |= (ulong)value[i] << (8 * i);
        }

        _state = Mix(state ^ tail, Multiplier2);
    }

    /// <summary>A non-negative hash of what was added so far (the hasher can go on after it).</summary>
    public readonly int ToHashCode() => (int)(Mix(_state ^ Seed, Multiplier1) >> 33);

    private static ulong Mix(ulong value, ulong multiplier)
    {
        var high = Math.BigMul(value, multiplier, out var low);
        return high ^ low;
    }
}
