using System.Globalization;
using System.Text;

namespace MetricsOperator.Scraping;

/// <summary>Reads sample values and timestamps from UTF-8 tokens of the text format, without allocating.</summary>
internal static class PrometheusNumberReader
{
    /// <summary>Largest millisecond timestamp whose nanosecond form still fits a <see cref="long"/> (year 2262).</summary>
    public const long MaxTimestampMilliseconds = long.MaxValue / 1_000_000;

    private const NumberStyles ValueStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
    private const int MaxExactPowerOf10 = 22;
    private const int MaxTimestampDigits = 18;

    /// <summary>2^53: every integer up to it is exactly representable as a double.</summary>
    private const ulong MaxExactMantissa = 1UL << 53;

    /// <summary>Mantissas from here on would pass 19 digits (and soon 2^64) with eight more digits.</summary>
    private const ulong MaxMantissaBeforeEightDigits = 100_000_000_000;

    /// <summary>Mantissas from here on would pass 19 digits with one more digit.</summary>
    private const ulong MaxMantissaBeforeDigit = 1_000_000_000_000_000_000;

    /// <summary>10^0 .. 10^22: every one is exactly representable as a double.</summary>
    private static ReadOnlySpan<double> ExactPowersOf10 =>
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// Parses a sample value: a decimal float (with exponent), or <c>NaN</c>/<c>Inf</c>/<c>+Inf</c>/<c>-Inf</c> in any
    /// case, as Go's <c>strconv.ParseFloat</c> reads them, rounded correctly. A decimal too large for a double
    /// gives an infinity.
    /// </summary>
    public static bool TryParseValue(ReadOnlySpan<byte> token, out double value) =>
        (TryParseExactDecimal(token, out value, out var length) && length == token.Length)
        || TryParseSpecial(token, out value)
        || double.TryParse(token, ValueStyle, CultureInfo.InvariantCulture, out value);

    /// <summary>
    /// Reads the value token at the start of <paramref name="rest"/> (up to a blank or the end) in one pass when it is
    /// a plain decimal, as <see cref="TryParseValue"/> reads it; <paramref name="length"/> is the token's length.
    /// </summary>
    public static bool TryReadValue(ReadOnlySpan<byte> rest, out double value, out int length)
    {
        if (TryParseExactDecimal(rest, out value, out length) && EndsToken(rest, length))
        {
            return true;
        }

        // The general parser decides the rest (it also accepts trailing NULs, which this reader always has accepted).
        length = TokenLength(rest);
        var token = rest[..length];
        return TryParseSpecial(token, out value) || double.TryParse(token, ValueStyle, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Reads the timestamp token at the start of <paramref name="rest"/> as <see cref="TryParseTimestamp"/> does.</summary>
    public static TimestampStatus TryReadTimestamp(ReadOnlySpan<byte> rest, out long milliseconds, out int length)
    {
        var i = 0;
        long value = 0;
        if (EightDigits.TryRead(rest, out var eight))
        {
            value = eight;
            i = EightDigits.Length;
        }

        for (; i < rest.Length && i <= MaxTimestampDigits; i++)
        {
            var digit = (uint)(rest[i] - '0');
            if (digit > 9)
            {
                break;
            }

            value = (value * 10) + digit;
        }

        if (i is > 0 and <= MaxTimestampDigits && EndsToken(rest, i) && value <= MaxTimestampMilliseconds)
        {
            milliseconds = value;
            length = i;
            return TimestampStatus.Valid;
        }

        length = TokenLength(rest);
        return TryParseTimestamp(rest[..length], out milliseconds);
    }

    /// <summary>Parses a timestamp: only a run of ASCII digits is valid (the Prometheus lexer rule), so no sign.</summary>
    public static TimestampStatus TryParseTimestamp(ReadOnlySpan<byte> token, out long milliseconds)
    {
        milliseconds = 0;
        if (token.IsEmpty)
        {
            return TimestampStatus.NotDigits;
        }

        // Eighteen digits always fit a long; anything longer is out of range once it is known to be all digits.
        if (token.Length > MaxTimestampDigits)
        {
            return token.ContainsAnyExceptInRange((byte)'0', (byte)'9') ? TimestampStatus.NotDigits : TimestampStatus.OutOfRange;
        }

        long value = 0;
        foreach (var b in token)
        {
            var digit = (uint)(b - '0');
            if (digit > 9)
            {
                return TimestampStatus.NotDigits;
            }

            value = (value * 10) + digit;
        }

        if (value > MaxTimestampMilliseconds)
        {
            return TimestampStatus.OutOfRange;
        }

        milliseconds = value;
        return TimestampStatus.Valid;
    }

    /// <summary>
    /// The common case without the general parser: a decimal of at most 19 significant digits (leading zeros do not
    /// count, so <c>0.000123456789012345</c> qualifies). When its digits, read as an integer, are at most 2^53 and its
    /// power of ten at most 22 in magnitude, mantissa and power are exact doubles and one multiplication or division
    /// rounds correctly (Clinger's fast path, which Go's parser takes too); otherwise, within ±19,
    /// <see cref="CorrectlyRoundedDecimal"/> rounds it exactly. Anything else returns false.
    /// </summary>
    private static bool TryParseExactDecimal(ReadOnlySpan<byte> s, out double value, out int length)
    {
        value = 0;
        length = 0;
        var i = 0;
        var negative = false;
        if (s.Length > 0 && s[0] is (byte)'+' or (byte)'-')
        {
            negative = s[0] == (byte)'-';
            i++;
        }

        var start = i;
        ulong mantissa = 0;
        var point = -1;

        // Eight digits at once are tried where a run of digits starts and after a success, not at every digit.
        var wide = true;
        while (i < s.Length)
        {
            if (wide && EightDigits.TryRead(s[i..], out var eight))
            {
                // Past 19 digits the general parser takes over, so the mantissa never overflows.
                if (mantissa >= MaxMantissaBeforeEightDigits)
                {
                    return false;
                }

                mantissa = (mantissa * EightDigits.Scale) + eight;
                i += EightDigits.Length;
                continue;
            }

            wide = false;
            var digit = (uint)(s[i] - '0');
            if (digit <= 9)
            {
                if (mantissa >= MaxMantissaBeforeDigit)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + digit;
            }
            else if (s[i] == (byte)'.' && point < 0)
            {
                point = i;
                wide = true;
            }
            else
            {
                break;
            }

            i++;
        }

        var digits = i - start - (point < 0 ? 0 : 1);
        var exponent = point < 0 ? 0 : point + 1 - i;
        if (digits == 0 || !TryAddExponent(s, ref i, ref exponent))
        {
            return false;
        }

        length = i;
        double magnitude;
        if (mantissa == 0)
        {
            magnitude = 0;
        }
        else if (mantissa <= MaxExactMantissa && exponent is >= -MaxExactPowerOf10 and <= MaxExactPowerOf10)
        {
            magnitude = exponent >= 0 ? mantissa * ExactPowersOf10[exponent] : mantissa / ExactPowersOf10[-exponent];
        }
        else if (!CorrectlyRoundedDecimal.TryCompose(mantissa, exponent, out magnitude))
        {
            return false;
        }

        value = negative ? -magnitude : magnitude;
        return true;
    }

    private static bool EndsToken(ReadOnlySpan<byte> rest, int length) => length == rest.Length || rest[length] is (byte)' ' or (byte)'\t';

    private static int TokenLength(ReadOnlySpan<byte> rest)
    {
        var length = rest.IndexOfAny((byte)' ', (byte)'\t');
        return length < 0 ? rest.Length : length;
    }

    private static bool TryAddExponent(ReadOnlySpan<byte> s, ref int i, ref int exponent)
    {
        if (i == s.Length || (s[i] | 0x20) != (byte)'e')
        {
            return true;
        }

        i++;
        var negative = false;
        if (i < s.Length && s[i] is (byte)'+' or (byte)'-')
        {
            negative = s[i] == (byte)'-';
            i++;
        }

        var start = i;
        var power = 0;
        for (; i < s.Length && (uint)(s[i] - '0') <= 9; i++)
        {
            // Past a few hundred the fast path gives up anyway; cap it so long runs of digits cannot overflow.
            power = Math.Min((power * 10) + (s[i] - '0'), 10_000);
        }

        exponent += negative ? -power : power;
        return i > start;
    }

    private static bool TryParseSpecial(ReadOnlySpan<byte> token, out double value)
    {
        value = 0;
        var body = token;
        var negative = false;
        if (body.Length > 0 && body[0] is (byte)'+' or (byte)'-')
        {
            negative = body[0] == (byte)'-';
            body = body[1..];
        }

        if (Ascii.EqualsIgnoreCase(body, "inf"u8) || Ascii.EqualsIgnoreCase(body, "infinity"u8))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
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
