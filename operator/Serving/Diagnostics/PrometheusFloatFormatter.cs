using System.Globalization;

namespace MetricsOperator.Serving.Diagnostics;

/// <summary>
/// Formats numbers as Prometheus' Go client writes them in text format 0.0.4, so dashboards and the
/// reference's fixtures see identical strings: Go's <c>strconv.FormatFloat(f, 'g', -1, 64)</c> (shortest
/// round-trip digits; exponent form when the decimal exponent is below -4 or at least 6, with a two-digit
/// minimum exponent) and <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.
/// </summary>
internal static class PrometheusFloatFormatter
{
    /// <summary>Enough for any double: sign, 17 digits, point, up to 4 padding zeros or "e+308".</summary>
    public const int MaxLength = 32;

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

        if (double.IsInfinity(value))
        {
            return Copy(value > 0 ? "+Inf"u8 : "-Inf"u8, destination);
        }

        if (value == 0)
        {
            destination[0] = (byte)'0';
            return 1;
        }

        Span<byte> digits = stackalloc byte[MaxLength];
        var (count, pointPosition) = ShortestDigits(Math.Abs(value), digits);
        var written = 0;
        if (value < 0)
        {
            destination[written++] = (byte)'-';
        }

        var exponent = pointPosition - 1;
        written += exponent is < -4 or >= 6
            ? WriteExponentForm(digits[..count], exponent, destination[written..])
            : WriteFixedForm(digits[..count], pointPosition, destination[written..]);
        return written;
    }

    public static string Format(double value)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        return System.Text.Encoding.ASCII.GetString(buffer[..Format(value, buffer)]);
    }

    // .NET's "R" gives the shortest round-trip digits in one of "123.45", "1.2345E+21" or "1E-05"; this pulls
    // out the significant digits (no leading or trailing zeros) and where the decimal point falls among them.
    private static (int Count, int PointPosition) ShortestDigits(double positive, Span<byte> digits)
    {
        Span<char> text = stackalloc char[MaxLength];
        if (!positive.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("a double did not fit its shortest representation buffer");
        }

        text = text[..length];
        var exponent = 0;
        var exponentAt = text.IndexOfAny('E', 'e');
        if (exponentAt >= 0)
        {
            exponent = int.Parse(text[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..exponentAt];
        }

        var count = 0;
        var pointPosition = text.IndexOf('.') is var dot and >= 0 ? dot : text.Length;
        foreach (var c in text)
        {
            if (c == '.')
            {
                continue;
            }

            if (count == 0 && c == '0')
            {
                pointPosition--;
                continue;
            }

            digits[count++] = (byte)c;
        }

        while (count > 1 && digits[count - 1] == '0')
        {
            count--;
        }

        return (count, pointPosition + exponent);
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
        if (magnitude < 10)
        {
            destination[written++] = (byte)'0';
        }

        magnitude.TryFormat(destination[written..], out var exponentDigits, default, CultureInfo.InvariantCulture);
        return written + exponentDigits;
    }

    private static int WriteFixedForm(ReadOnlySpan<byte> digits, int pointPosition, Span<byte> destination)
    {
        var written = 0;
        if (pointPosition <= 0)
        {
            destination[written++] = (byte)'0';
        }
        else
        {
            for (var i = 0; i < pointPosition; i++)
            {
                destination[written++] = i < digits.Length ? digits[i] : (byte)'0';
            }
        }

        if (digits.Length > pointPosition)
        {
            destination[written++] = (byte)'.';
            for (var i = pointPosition; i < digits.Length; i++)
            {
                destination[written++] = i < 0 ? (byte)'0' : digits[i];
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
