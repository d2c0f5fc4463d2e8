using System.Buffers.Binary;

namespace MetricsOperator.Scraping;

/// <summary>
/// Reads eight ASCII digits at once (SWAR: one 64-bit load, a check and three multiplications), the inner step of the
/// number readers; numbers in kubelet payloads are mostly runs of 9 to 13 digits.
/// </summary>
internal static class EightDigits
{
    public const int Length = 8;
    public const uint Scale = 100_000_000;

    /// <summary>True, with their value, when the first eight bytes of <paramref name="s"/> are all ASCII digits.</summary>
    public static bool TryRead(ReadOnlySpan<byte> s, out uint value)
    {
        value = 0;
        if (s.Length < Length)
        {
            return false;
        }

        var chunk = BinaryPrimitives.ReadUInt64LittleEndian(s);

        // Every byte is 0x30..0x39 exactly when its high nibble is 3 and adding 6 does not carry into it.
        if (((chunk & 0xF0F0F0F0F0F0F0F0) | (((chunk + 0x0606060606060606) & 0xF0F0F0F0F0F0F0F0) >> 4)) != 0x3333333333333333)
        {
            return false;
        }

        // Pairs of digits, then quadruples, then the whole: each step multiplies adjacent lanes together.
        chunk = ((chunk & 0x0F0F0F0F0F0F0F0F) * 2561) >> 8;
        chunk = ((chunk & 0x00FF00FF00FF00FF) * 6553601) >> 16;
        value = (uint)(((chunk & 0x0000FFFF0000FFFF) * 42949672960001) >> 32);
        return true;
    }
}
