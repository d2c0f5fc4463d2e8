using System.Globalization;

namespace MetricsOperator.KubeletFarm;

/// <summary>
/// Formats a double exactly as the kubelet's Prometheus text encoder does: Go's
/// <c>strconv.AppendFloat(f, 'g', -1, 64)</c> (shortest round-trip digits, exponent form when the decimal
/// exponent is below -4 or at least 6, two-digit minimum exponent) plus expfmt's special cases for 0, ±1, NaN and ±Inf.
/// </summary>
internal static class GoFloatFormatter
{
    /// <summary>Longest output is 24 bytes (sign, 17 digits, point, 'e', sign, 3 exponent digits); the rest is slack.</summary>
    public const int MaxLength = 32;

    /// <summary>Writes <paramref name="value"/> into <paramref name="destination"/> and returns the byte count.</summary>
    public static int Format(double value, Span<byte> destination)
    {
        if (destination.Length < MaxLength)
        {
            throw new ArgumentException($"destination must hold at least {MaxLength} bytes", nameof(destination));
        }

        if (double.IsNaN(value))
        {
            return Copy("NaN"u8, destination);
        }

        if (double.IsPositiveInfinity(value))
        {
            return Copy("+Inf"u8, destination);
        }

        if (double.IsNegativeInfinity(value))
        {
            return Copy("-Inf"u8, destination);
        }

        if (value == 0)
        {
            // expfmt writes every zero, including negative zero, as "0".
            destination[0] = (byte)'0';
            return 1;
        }

        Span<byte> digits = stackalloc byte[MaxLength];
        var negative = value < 0;
        var (count, pointPosition) = ShortestDigits(Math.Abs(value), digits);
        var written = 0;
        if (negative)
        {
            destination[written++] = (byte)'-';
        }

        var exponent = pointPosition - 1;
        written += exponent is < -4 or >= 6
            ? WriteExponentForm(digits[..count], exponent, destination[written..])
            : WriteFixedForm(digits[..count], pointPosition, destination[written..]);
        return written;
    }

    /// <summary>Formats into a new string (for tests and diagnostics; the renderer uses the span overload).</summary>
    public static string Format(double value)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        var length = Format(value, buffer);
        return System.Text.Encoding.ASCII.GetString(buffer[..length]);
    }

    /// <summary>
    /// Formats <c>float64(nanoseconds) / 1e9</c> (how the kubelet turns a CPU counter into seconds) without the cost of
    /// a general shortest-digits search: below 2^23 s the doubles are closer together than 1 ns, so the shortest
    /// round-trip digits of that quotient are exactly the decimal digits of <paramref name="nanoseconds"/>.
    /// </summary>
    public static int FormatNanosecondsAsSeconds(long nanoseconds, Span<byte> destination)
    {
        const long ExactLimit = (1L << 23) * 1_000_000_000L;
        return nanoseconds is > 0 and < ExactLimit
            ? FormatExactDecimal((ulong)nanoseconds, 9, destination)
            : Format(nanoseconds / 1e9, destination);
    }

    /// <summary>Formats <c>float64(value)</c>; integers below 2^53 are exact doubles whose shortest digits are their own.</summary>
    public static int FormatInteger(long value, Span<byte> destination)
    {
        const long ExactLimit = 1L << 53;
        return value is > 0 and < ExactLimit
            ? FormatExactDecimal((ulong)value, 0, destination)
            : Format(value, destination);
    }

    /// <summary>Lays out <paramref name="unscaled"/> × 10^-<paramref name="fractionDigits"/> when its digits are known to be the shortest.</summary>
    private static int FormatExactDecimal(ulong unscaled, int fractionDigits, Span<byte> destination)
    {
        if (destination.Length < MaxLength)
        {
            throw new ArgumentException($"destination must hold at least {MaxLength} bytes", nameof(destination));
        }

        Span<byte> digits = stackalloc byte[20];
        var count = 0;
        for (var rest = unscaled; rest > 0; rest /= 10)
        {
            digits[count++] = (byte)('0' + (int)(rest % 10));
        }

        digits[..count].Reverse();
        var pointPosition = count - fractionDigits;
        while (count > 1 && digits[count - 1] == (byte)'0')
        {
            count--;
        }

        var exponent = pointPosition - 1;
        return exponent is < -4 or >= 6
            ? WriteExponentForm(digits[..count], exponent, destination)
            : WriteFixedForm(digits[..count], pointPosition, destination);
    }

    /// <summary>
    /// The shortest digit string that round-trips to <paramref name="value"/> (positive, finite, non-zero) and the
    /// position of the decimal point relative to its first digit. .NET's "R" format yields the same shortest,
    /// closest digits as Go's Ryu; only the layout differs, so it is parsed back into digits and a point position.
    /// </summary>
    private static (int Count, int PointPosition) ShortestDigits(double value, Span<byte> digits)
    {
        Span<byte> text = stackalloc byte[MaxLength];
        if (!value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"could not format {value} in round-trip form");
        }

        text = text[..length];
        var exponentAt = text.IndexOf((byte)'E');
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : ParseExponent(text[(exponentAt + 1)..]);

        var count = 0;
        var integerDigits = 0;
        var seenPoint = false;
        foreach (var c in mantissa)
        {
            if (c == (byte)'.')
            {
                seenPoint = true;
                continue;
            }

            digits[count++] = c;
            if (!seenPoint)
            {
                integerDigits++;
            }
        }

        var pointPosition = integerDigits + exponent;
        var leadingZeros = 0;
        while (leadingZeros < count - 1 && digits[leadingZeros] == (byte)'0')
        {
            leadingZeros++;
        }

        if (leadingZeros > 0)
        {
            digits[leadingZeros..count].CopyTo(digits);
            count -= leadingZeros;
            pointPosition -= leadingZeros;
        }

        while (count > 1 && digits[count - 1] == (byte)'0')
        {
            count--;
        }

        return (count, pointPosition);
    }

    private static int ParseExponent(ReadOnlySpan<byte> text)
    {
        var sign = 1;
        if (text[0] is (byte)'+' or (byte)'-')
        {
            sign = text[0] == (byte)'-' ? -1 : 1;
            text = text[1..];
        }

        var exponent = 0;
        foreach (var c in text)
        {
            exponent = (exponent * 10) + (c - '0');
        }

        return sign * exponent;
    }

    private static int WriteExponentForm(ReadOnlySpan<byte> digits, int exponent, Span<byte> destination)
    {
        var written = 0;
        destination[written++] = digits[0];
        if (digits.Length > 1)
        {
            destination[written++] = (byte)'.';
            digits[1..].CopyTo(destination[written..]);
            written += digits.Length - 1;
        }

        destination[written++] = (byte)'e';
        destination[written++] = exponent < 0 ? (byte)'-' : (byte)'+';
        var magnitude = Math.Abs(exponent);
        if (magnitude >= 100)
        {
            destination[written++] = (byte)('0' + (magnitude / 100));
        }

        destination[written++] = (byte)('0' + (magnitude / 10 % 10));
        destination[written++] = (byte)('0' + (magnitude % 10));
        return written;
    }

    private static int WriteFixedForm(ReadOnlySpan<byte> digits, int pointPosition, Span<byte> destination)
    {
        var written = 0;
        if (pointPosition > 0)
        {
            var integerDigits = Math.Min(digits.Length, pointPosition);
            digits[..integerDigits].CopyTo(destination);
            written = integerDigits;
            for (; written < pointPosition; written++)
            {
                destination[written] = (byte)'0';
            }
        }
        else
        {
            destination[written++] = (byte)'0';
        }

        var fractionDigits = Math.Max(digits.Length - pointPosition, 0);
        if (fractionDigits > 0)
        {
            destination[written++] = (byte)'.';
            for (var i = 0; i < fractionDigits; i++)
            {
                var index = pointPosition + i;
                destination[written++] = index >= 0 && index < digits.Length ? digits[index] : (byte)'0';
            }
        }

        return written;
    }

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
