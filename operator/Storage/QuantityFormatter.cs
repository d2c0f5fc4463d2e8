using System.Buffers.Text;
using System.Diagnostics;
using System.Text;

namespace MetricsOperator.Storage;

/// <summary>
/// Writes usage values in the canonical form of a Kubernetes <c>resource.Quantity</c>, the way metrics-server builds
/// them: cpu from nanocores in DecimalSI (<c>1</c>, <c>2500m</c>, <c>20u</c>, <c>4710169n</c>), memory and swap from
/// bytes in BinarySI (<c>3Mi</c>, <c>12240Ki</c>, <c>600</c>, <c>1k</c>). Values above <see cref="long.MaxValue"/> lose
/// their last decimal digit, as the reference does to fit an int64 mantissa.
/// </summary>
internal static class QuantityFormatter
{
    /// <summary>Enough for any value: 20 digits, two padding zeros and a two-letter suffix.</summary>
    public const int MaxLength = 32;

    private const int NanoScale = -9;

    public static string FormatCpuNanoCores(ulong nanoCores)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        return Encoding.UTF8.GetString(buffer[..FormatCpuNanoCores(nanoCores, buffer)]);
    }

    public static string FormatBytes(ulong bytes)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        return Encoding.UTF8.GetString(buffer[..FormatBytes(bytes, buffer)]);
    }

    /// <summary>Writes the cpu quantity as UTF-8 and returns the number of bytes written.</summary>
    public static int FormatCpuNanoCores(ulong nanoCores, Span<byte> destination)
    {
        var scale = NanoScale;
        if (nanoCores > long.MaxValue)
        {
            nanoCores /= 10;
            scale++;
        }

        return FormatDecimal(nanoCores, scale, destination);
    }

    /// <summary>Writes the byte quantity as UTF-8 and returns the number of bytes written.</summary>
    public static int FormatBytes(ulong bytes, Span<byte> destination)
    {
        if (bytes > long.MaxValue)
        {
            // The reference keeps value/10 at scale 1; rounding that back to scale 0 is exact.
            bytes = bytes / 10 * 10;
        }

        if (bytes < 1024)
        {
            // BinarySI shows values below 1024 as DecimalSI, so 1000 bytes reads "1k".
            return FormatDecimal(bytes, 0, destination);
        }

        var exponent = 0;
        while (bytes % 1024 == 0)
        {
            bytes /= 1024;
            exponent++;
        }

        var written = WriteDigits(bytes, destination);
        return written + WriteAscii(BinarySuffix(exponent), destination[written..]);
    }

    private static int FormatDecimal(ulong mantissa, int scale, Span<byte> destination)
    {
        if (mantissa == 0)
        {
            destination[0] = (byte)'0';
            return 1;
        }

        while (mantissa % 10 == 0)
        {
            mantissa /= 10;
            scale++;
        }

        // The exponent must be a multiple of 3 for an SI suffix: shift digits into trailing zeros.
        var paddingZeros = (scale % 3) switch
        {
            1 or -2 => 1,
            2 or -1 => 2,
            _ => 0,
        };
        scale -= paddingZeros;

        var written = WriteDigits(mantissa, destination);
        destination.Slice(written, paddingZeros).Fill((byte)'0');
        written += paddingZeros;
        return written + WriteAscii(DecimalSuffix(scale), destination[written..]);
    }

    private static int WriteDigits(ulong value, Span<byte> destination)
    {
        var formatted = Utf8Formatter.TryFormat(value, destination, out var written);
        Debug.Assert(formatted, "MaxLength covers every ulong");
        return written;
    }

    private static int WriteAscii(string text, Span<byte> destination)
    {
        for (var i = 0; i < text.Length; i++)
        {
            destination[i] = (byte)text[i];
        }

        return text.Length;
    }

    private static string DecimalSuffix(int exponent) => exponent switch
    {
        -9 => "n",
        -6 => "u",
        -3 => "m",
        0 => "",
        3 => "k",
        6 => "M",
        9 => "G",
        12 => "T",
        15 => "P",
        18 => "E",
        _ => throw new UnreachableException($"decimal exponent {exponent} is outside what a 64-bit nanocore value can reach"),
    };

    private static string BinarySuffix(int exponent) => exponent switch
    {
        0 => "",
        1 => "Ki",
        2 => "Mi",
        3 => "Gi",
        4 => "Ti",
        5 => "Pi",
        6 => "Ei",
        _ => throw new UnreachableException($"binary exponent {exponent} is outside what a 64-bit byte count can reach"),
    };
}
