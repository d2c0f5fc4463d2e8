namespace MetricsOperator.Scraping;

/// <summary>
/// Turns a decimal <c>mantissa × 10^exponent</c> with a mantissa of at most 19 digits into the nearest double (ties to
/// even), with integer arithmetic only. Go prints a double's shortest form with up to 17 significant digits (the
/// kubelet's container start times often need all 17), which is past the 2^53 of the one-operation fast path; these
/// cases are exact here instead of going through the general parser.
/// </summary>
internal static class CorrectlyRoundedDecimal
{
    /// <summary>Largest power of ten that fits a <see cref="ulong"/>.</summary>
    public const int MaxPowerOf10 = 19;

    private const int MantissaBits = 52;
    private const int ExponentBias = 1075;

    /// <summary>10^0 .. 10^19 as integers.</summary>
    private static ReadOnlySpan<ulong> PowersOf10 =>
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ];

    /// <summary>
    /// The double nearest to <paramref name="mantissa"/> × 10^<paramref name="exponent"/> for a non-zero mantissa and
    /// an exponent within ±<see cref="MaxPowerOf10"/>; false (rare, only on values the general parser must handle) otherwise.
    /// </summary>
    public static bool TryCompose(ulong mantissa, int exponent, out double value)
    {
        value = 0;
        if (mantissa == 0 || exponent is < -MaxPowerOf10 or > MaxPowerOf10)
        {
            return false;
        }

        if (exponent >= 0)
        {
            // The product is exact in 128 bits; only its rounding to 53 bits remains.
            value = Round(Math.BigMul(mantissa, PowersOf10[exponent]));
            return true;
        }

        return TryRoundQuotient(mantissa, PowersOf10[-exponent], out value);
    }

    private static double Round(UInt128 n)
    {
        var bits = 128 - (int)UInt128.LeadingZeroCount(n);
        if (bits <= MantissaBits + 1)
        {
            return (ulong)n;
        }

        // Keep 53 bits and the first dropped one; the rest only says whether the dropped part is more than a half.
        var shift = bits - (MantissaBits + 2);
        var top = (ulong)(n >> shift);
        var sticky = (n & ((UInt128.One << shift) - 1)) != 0;
        var half = (top & 1) != 0;
        top >>= 1;
        if (half && (sticky || (top & 1) != 0))
        {
            top++;
        }

        return top * PowerOf2(shift + 1);
    }

    /// <summary>
    /// Rounds <paramref name="mantissa"/> / <paramref name="divisor"/>: the floating-point quotient is within an ulp or
    /// two, and comparing the exact quotient with the midpoints around it, in integers, moves it to the right double.
    /// </summary>
    private static bool TryRoundQuotient(ulong mantissa, ulong divisor, out double value)
    {
        value = (double)mantissa / divisor;
        for (var step = 0; step < 4; step++)
        {
            var bits = BitConverter.DoubleToUInt64Bits(value);
            var significand = (bits & ((1UL << MantissaBits) - 1)) | (1UL << MantissaBits);
            var exponent = (int)(bits >> MantissaBits) - ExponentBias;
            var odd = (significand & 1) != 0;

            var above = CompareQuotient(mantissa, divisor, (2 * significand) + 1, exponent - 1);
            if (above > 0 || (above == 0 && odd))
            {
                value = Math.BitIncrement(value);
                continue;
            }

            // Below a power of two the next double down is half as far away.
            var below = significand == 1UL << MantissaBits
                ? CompareQuotient(mantissa, divisor, (4 * significand) - 1, exponent - 2)
                : CompareQuotient(mantissa, divisor, (2 * significand) - 1, exponent - 1);
            if (below < 0 || (below == 0 && odd))
            {
                value = Math.BitDecrement(value);
                continue;
            }

            return true;
        }

        return false;
    }

    /// <summary>
    /// The sign of <paramref name="mantissa"/> / <paramref name="divisor"/> − <paramref name="k"/> × 2^<paramref name="power"/>.
    /// Both sides are scaled to integers near k × divisor (below 2^119), since k × 2^power is within ulps of the quotient.
    /// </summary>
    private static int CompareQuotient(ulong mantissa, ulong divisor, ulong k, int power)
    {
        var right = Math.BigMul(k, divisor);
        if (power >= 0)
        {
            return ((UInt128)mantissa).CompareTo(right << power);
        }

        return (((UInt128)mantissa) << -power).CompareTo(right);
    }

    private static double PowerOf2(int power) => BitConverter.UInt64BitsToDouble((ulong)(power + 1023) << MantissaBits);
}
