using System.Text;

namespace MetricsOperator.Storage;

/// <summary>
/// Writes a nanosecond duration the way Go's <c>time.Duration.String()</c> does, which is part of the wire
/// contract of <c>window</c>: <c>10s</c>, <c>1m0s</c>, <c>15.021s</c>, <c>1h0m0s</c>, <c>1.5ms</c>, <c>1µs</c> (U+00B5).
/// </summary>
internal static class GoDurationFormatter
{
    /// <summary>Enough for any value: "-2562047h47m16.854775808s" is 25 bytes.</summary>
    public const int MaxLength = 32;

    private const ulong Microsecond = 1_000;
    private const ulong Millisecond = 1_000_000;
    private const ulong Second = 1_000_000_000;

    public static string Format(long nanoseconds)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        return Encoding.UTF8.GetString(buffer[..Format(nanoseconds, buffer)]);
    }

    public static string Format(TimeSpan duration) => Format(duration.Ticks * 100);

    /// <summary>Writes the duration as UTF-8 and returns the number of bytes written.</summary>
    public static int Format(long nanoseconds, Span<byte> destination)
    {
        // Built right to left, as Go does, then moved to the start of the destination.
        Span<byte> buffer = stackalloc byte[MaxLength];
        var w = buffer.Length;
        var negative = nanoseconds < 0;
        var u = negative ? (ulong)(-(nanoseconds + 1)) + 1 : (ulong)nanoseconds;

        if (u < Second)
        {
            w = WriteBelowOneSecond(buffer, w, u);
        }
        else
        {
            buffer[--w] = (byte)'s';
            w = WriteFraction(buffer, w, ref u, 9);
            w = WriteInteger(buffer, w, u % 60);
            u /= 60;
            if (u > 0)
            {
                buffer[--w] = (byte)'m';
                w = WriteInteger(buffer, w, u % 60);
                u /= 60;
                if (u > 0)
                {
                    buffer[--w] = (byte)'h';
                    w = WriteInteger(buffer, w, u);
                }
            }
        }

        if (negative)
        {
            buffer[--w] = (byte)'-';
        }

        var length = buffer.Length - w;
        buffer[w..].CopyTo(destination);
        return length;
    }

    private static int WriteBelowOneSecond(Span<byte> buffer, int w, ulong u)
    {
        buffer[--w] = (byte)'s';
        int precision;
        switch (u)
        {
            case 0:
                buffer[--w] = (byte)'0';
                return w;
            case < Microsecond:
                precision = 0;
                buffer[--w] = (byte)'n';
                break;
            case < Millisecond:
                precision = 3;
                buffer[--w] = 0xB5; // U+00B5 MICRO SIGN in UTF-8 is C2 B5
                buffer[--w] = 0xC2;
                break;
            default:
                precision = 6;
                buffer[--w] = (byte)'m';
                break;
        }

        w = WriteFraction(buffer, w, ref u, precision);
        return WriteInteger(buffer, w, u);
    }

    /// <summary>Writes the fraction of v / 10^precision without trailing zeros (and without the dot when it is 0).</summary>
    private static int WriteFraction(Span<byte> buffer, int w, ref ulong v, int precision)
    {
        var print = false;
        for (var i = 0; i < precision; i++)
        {
            var digit = v % 10;
            print = print || digit != 0;
            if (print)
            {
                buffer[--w] = (byte)('0' + digit);
            }

            v /= 10;
        }

        if (print)
        {
            buffer[--w] = (byte)'.';
        }

        return w;
    }

    private static int WriteInteger(Span<byte> buffer, int w, ulong v)
    {
        do
        {
            buffer[--w] = (byte)('0' + (v % 10));
            v /= 10;
        }
        while (v > 0);

        return w;
    }
}
