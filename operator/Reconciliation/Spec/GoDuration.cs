using System.Globalization;

namespace MetricsOperator.Reconciliation.Spec;

/// <summary>
/// Parses duration strings the way Go's <c>time.ParseDuration</c> does (the syntax the CRD documents):
/// a sequence of decimal numbers, each with an optional fraction and a unit, such as <c>300ms</c>, <c>1.5h</c> or
/// <c>2h45m</c>. Units: ns, us (or µs), ms, s, m, h. A bare <c>0</c> is allowed; negative durations are refused
/// since no field of the spec can use one. Precision is truncated to TimeSpan ticks (100 ns).
/// </summary>
internal static class GoDuration
{
    private const string Syntax = "a Go duration such as 15s, 1m30s or 300ms (units ns, us, ms, s, m, h)";

    public static bool TryParse(string? text, out TimeSpan duration, out string error)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            error = "is empty; expected " + Syntax;
            return false;
        }

        var rest = text.AsSpan();
        if (rest[0] == '-')
        {
            error = $"\"{text}\" is negative; a duration here must be zero or positive";
            return false;
        }

        if (rest[0] == '+')
        {
            rest = rest[1..];
        }

        if (rest is "0")
        {
            error = string.Empty;
            return true;
        }

        if (rest.IsEmpty)
        {
            error = $"\"{text}\" is not {Syntax}";
            return false;
        }

        decimal totalNanoseconds = 0;
        while (!rest.IsEmpty)
        {
            if (!TryReadComponent(ref rest, out var nanoseconds, out var problem))
            {
                error = $"\"{text}\" is not {Syntax}: {problem}";
                return false;
            }

            totalNanoseconds += nanoseconds;
            if (totalNanoseconds > long.MaxValue)
            {
                error = $"\"{text}\" is out of range (at most 2562047h47m16.854775807s)";
                return false;
            }
        }

        duration = TimeSpan.FromTicks((long)(totalNanoseconds / TimeSpan.NanosecondsPerTick));
        error = string.Empty;
        return true;
    }

    private static bool TryReadComponent(ref ReadOnlySpan<char> rest, out decimal nanoseconds, out string problem)
    {
        nanoseconds = 0;
        var integerDigits = CountDigits(rest);
        var integer = rest[..integerDigits];
        rest = rest[integerDigits..];
        var fraction = ReadOnlySpan<char>.Empty;
        if (!rest.IsEmpty && rest[0] == '.')
        {
            rest = rest[1..];
            var fractionDigits = CountDigits(rest);
            fraction = rest[..fractionDigits];
            rest = rest[fractionDigits..];
        }

        if (integer.IsEmpty && fraction.IsEmpty)
        {
            problem = "expected a number";
            return false;
        }

        // Beyond 19 integer digits every unit overflows; beyond 20 fraction digits nothing is left at 1 ns.
        if (integer.Length > 19)
        {
            problem = "number too large";
            return false;
        }

        var unitLength = 0;
        while (unitLength < rest.Length && !char.IsAsciiDigit(rest[unitLength]) && rest[unitLength] != '.')
        {
            unitLength++;
        }

        var unit = rest[..unitLength];
        rest = rest[unitLength..];
        if (unit.IsEmpty)
        {
            problem = "missing unit";
            return false;
        }

        if (!TryUnit(unit, out var unitNanoseconds))
        {
            problem = $"unknown unit \"{unit}\"";
            return false;
        }

        var value = integer.IsEmpty ? 0m : decimal.Parse(integer, NumberStyles.None, CultureInfo.InvariantCulture);
        if (!fraction.IsEmpty)
        {
            var digits = fraction.Length > 20 ? fraction[..20] : fraction;
            value += decimal.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture) / Pow10(digits.Length);
        }

        if (value > long.MaxValue / unitNanoseconds)
        {
            problem = "out of range (at most 2562047h47m16.854775807s)";
            return false;
        }

        nanoseconds = value * unitNanoseconds;
        problem = string.Empty;
        return true;
    }

    private static int CountDigits(ReadOnlySpan<char> text)
    {
        var count = 0;
        while (count < text.Length && char.IsAsciiDigit(text[count]))
        {
            count++;
        }

        return count;
    }

    private static bool TryUnit(ReadOnlySpan<char> unit, out decimal nanoseconds)
    {
        nanoseconds = unit switch
        {
            "ns" => 1m,
            "us" or "\u00b5s" or "\u03bcs" => 1_000m,
            "ms" => 1_000_000m,
            "s" => 1_000_000_000m,
            "m" => 60_000_000_000m,
            "h" => 3_600_000_000_000m,
            _ => 0m,
        };
        return nanoseconds != 0m;
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10m;
        }

        return result;
    }
}
