using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace MetricsOperator.Scraping;

/// <summary>Reads sample values and timestamps from UTF-8 tokens of the text format, without allocating.</summary>
internal static class PrometheusNumberReader
{
    /// <summary>Largest millisecond timestamp whose nanosecond form still fits a <see cref="long"/> (year 2262).</summary>
    public const long MaxTimestampMilliseconds = long.MaxValue / 1_000_000;

    private const NumberStyles ValueStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>
    /// Parses a sample value: a decimal float (with exponent), or <c>NaN</c>/<c>Inf</c>/<c>+Inf</c>/<c>-Inf</c> in any
    /// case, as Go's <c>strconv.ParseFloat</c> reads them. A decimal too large for a double gives an infinity.
    /// </summary>
    public static bool TryParseValue(ReadOnlySpan<byte> token, out double value)
    {
        if (TryParseSpecial(token, out value))
        {
            return true;
        }

        return double.TryParse(token, ValueStyle, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Parses a timestamp: only a run of ASCII digits is valid (the Prometheus lexer rule), so no sign.</summary>
    public static TimestampStatus TryParseTimestamp(ReadOnlySpan<byte> token, out long milliseconds)
    {
        milliseconds = 0;
        if (token.IsEmpty || token.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return TimestampStatus.NotDigits;
        }

        if (!Utf8Parser.TryParse(token, out milliseconds, out var consumed) || consumed != token.Length
            || milliseconds > MaxTimestampMilliseconds)
        {
            return TimestampStatus.OutOfRange;
        }

        return TimestampStatus.Valid;
    }

    private static bool TryParseSpecial(ReadOnlySpan<byte> token, out double value)
    {
        value = 0;
        if (token.IsEmpty)
        {
            return false;
        }

        var sign = 1.0;
        var body = token;
        if (body[0] is (byte)'+' or (byte)'-')
        {
            sign = body[0] == (byte)'-' ? -1.0 : 1.0;
            body = body[1..];
        }

        if (body.Length is not (3 or 8) || (body[0] | 0x20) is not ((byte)'n' or (byte)'i'))
        {
            return false;
        }

        if (Ascii.EqualsIgnoreCase(body, "inf"u8) || Ascii.EqualsIgnoreCase(body, "infinity"u8))
        {
            value = sign * double.PositiveInfinity;
            return true;
        }

        if (Ascii.EqualsIgnoreCase(body, "nan"u8))
        {
            value = double.NaN;
            return true;
        }

        return false;
    }
}

internal enum TimestampStatus : byte
{
    Valid,
    NotDigits,
    OutOfRange,
}
