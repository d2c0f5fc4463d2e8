using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using MetricsOperator.KubeletFarm;
using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Scraping.Decoding;

/// <summary>The one-pass readers give exactly what the general parser gives, bit for bit, and the same token length.</summary>
[TestFixture]
internal sealed class PrometheusNumberReaderTests
{
    [FsCheck.NUnit.Property(MaxTest = 2000)]
    public Property DecimalsReadBitIdenticalToDoubleParse() =>
        Prop.ForAll(Decimals().ToArbitrary(), text =>
        {
            var expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            var bytes = Encoding.ASCII.GetBytes(text + " 17");

            var ok = PrometheusNumberReader.TryReadValue(bytes, out var value, out var length);

            Assert.That(ok, Is.True, text);
            Assert.That(BitConverter.DoubleToInt64Bits(value), Is.EqualTo(BitConverter.DoubleToInt64Bits(expected)), text);
            Assert.That(length, Is.EqualTo(text.Length), text);
        });

    [FsCheck.NUnit.Property(MaxTest = 500)]
    public Property ShortestRoundTripFormsOfAnyDoubleReadBack() =>
        Prop.ForAll(ArbMap.Default.ArbFor<NormalFloat>(), value =>
        {
            var text = value.Get.ToString("R", CultureInfo.InvariantCulture);

            Assert.That(PrometheusNumberReader.TryParseValue(Encoding.ASCII.GetBytes(text), out var read), Is.True, text);
            Assert.That(read, Is.EqualTo(value.Get), text);
        });

    [FsCheck.NUnit.Property(MaxTest = 3000)]
    public Property GoShortestFormsOfAnyDoubleReadBitIdenticalToDoubleParse() =>
        Prop.ForAll(ArbMap.Default.ArbFor<long>(), bits =>
        {
            var value = BitConverter.Int64BitsToDouble(bits);
            return double.IsFinite(value) ? AssertReadsLikeDoubleParse(GoFloatFormatter.Format(value)) : true.ToProperty();
        });

    /// <summary>Container start times: seconds since the epoch with a millisecond fraction, often 17 digits in Go's form.</summary>
    [FsCheck.NUnit.Property(MaxTest = 3000)]
    public Property GoFormsOfStartTimesReadBitIdenticalToDoubleParse() =>
        Prop.ForAll(Gen.Choose(1_000_000, 2_000_000).Select(s => (long)s * 1000).ToArbitrary(), Gen.Choose(0, 999_999).ToArbitrary(), (base1000, ms) =>
            AssertReadsLikeDoubleParse(GoFloatFormatter.Format((base1000 + ms) / 1e3)));

    /// <summary>Go's exponent form with 15 to 19 significant digits, whether or not a double prints that way.</summary>
    [FsCheck.NUnit.Property(MaxTest = 3000)]
    public Property LongMantissasInGoExponentFormReadBitIdenticalToDoubleParse() =>
        Prop.ForAll(GoExponentForms().ToArbitrary(), AssertReadsLikeDoubleParse);

    [TestCase("9007199254740993", 9007199254740992d)] // 2^53 + 1: a tie, to even
    [TestCase("9007199254740995", 9007199254740996d)] // 2^53 + 3: a tie, to even
    [TestCase("9999999999999999999", 1e19)]
    [TestCase("18446744073709551615", 18446744073709551615d)] // 20 digits: the general parser
    [TestCase("0.30000000000000004", 0.30000000000000004)]
    [TestCase("1.0000000000000002e-19", 1.0000000000000002e-19)]
    [TestCase("4.5035996273704985e+15", 4503599627370498d)] // a quotient tie, to the even one below
    [TestCase("4.5035996273704995e+15", 4503599627370500d)] // a quotient tie, to the even one above
    [TestCase("1.7976931348623157e+308", double.MaxValue)]
    [TestCase("4.9406564584124654e-324", double.Epsilon)]
    [TestCase("0.1", 0.1)]
    [TestCase("-0", -0.0)]
    [TestCase("1.7679165604819999e+09", 1.7679165604819999e+09)]
    [TestCase("4.68518337051605e+06", 4.68518337051605e+06)]
    [TestCase("123456789012345678901234567890", 1.2345678901234568e29)]
    [TestCase("1e-400", 0d)]
    public void ReadsEdgeCasesAsDoubleParseDoes(string text, double expected)
    {
        Assert.That(PrometheusNumberReader.TryParseValue(Encoding.ASCII.GetBytes(text), out var value), Is.True);
        Assert.That(BitConverter.DoubleToInt64Bits(value), Is.EqualTo(BitConverter.DoubleToInt64Bits(expected)));
    }

    [TestCase("1.5x 7", false, 4)]
    [TestCase("1.5\t7", true, 3)]
    [TestCase("NaN 7", true, 3)]
    [TestCase("1e 7", false, 2)]
    [TestCase("12", true, 2)]
    public void ValueTokenEndsAtABlank(string text, bool valid, int expectedLength)
    {
        var ok = PrometheusNumberReader.TryReadValue(Encoding.ASCII.GetBytes(text), out _, out var length);

        Assert.That(ok, Is.EqualTo(valid));
        Assert.That(length, Is.EqualTo(expectedLength));
    }

    [TestCase("1768478397549", TimestampStatus.Valid, 13, 1768478397549L)]
    [TestCase("1768478397549 x", TimestampStatus.Valid, 13, 1768478397549L)]
    [TestCase("9223372036854", TimestampStatus.Valid, 13, 9223372036854L)]
    [TestCase("9223372036855", TimestampStatus.OutOfRange, 13, 0L)]
    [TestCase("000000000000000001", TimestampStatus.Valid, 18, 1L)]
    [TestCase("0000000000000000001", TimestampStatus.OutOfRange, 19, 0L)]
    [TestCase("99999999999999999999", TimestampStatus.OutOfRange, 20, 0L)]
    [TestCase("-5", TimestampStatus.NotDigits, 2, 0L)]
    [TestCase("12a", TimestampStatus.NotDigits, 3, 0L)]
    public void ReadsTimestampTokens(string text, TimestampStatus expected, int expectedLength, long expectedValue)
    {
        var status = PrometheusNumberReader.TryReadTimestamp(Encoding.ASCII.GetBytes(text), out var milliseconds, out var length);

        Assert.That(status, Is.EqualTo(expected));
        Assert.That(length, Is.EqualTo(expectedLength));
        Assert.That(milliseconds, Is.EqualTo(expectedValue));
    }

    private static Property AssertReadsLikeDoubleParse(string text)
    {
        var expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        var ok = PrometheusNumberReader.TryReadValue(Encoding.ASCII.GetBytes(text + " 1768478397549"), out var value, out var length);
        return (ok && BitConverter.DoubleToInt64Bits(value) == BitConverter.DoubleToInt64Bits(expected) && length == text.Length)
            .Label($"{text}: read {value:R} ({ok}, {length}), double.Parse {expected:R}");
    }

    private static Gen<string> GoExponentForms() =>
        from negative in ArbMap.Default.GeneratorFor<bool>()
        from digits in Gen.Choose(15, 19)
        from first in Gen.Choose(1, 9)
        from rest in Gen.ArrayOf(Gen.Choose(0, 9), digits - 1)
        from exponent in Gen.Choose(-25, 25)
        select (negative ? "-" : string.Empty) + first.ToString(CultureInfo.InvariantCulture) + "." + string.Concat(rest) +
            "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>Plain decimals around the exact range: up to 21 digits, leading zeros, any point, optional exponent and sign.</summary>
    private static Gen<string> Decimals() =>
        from sign in Gen.Elements(string.Empty, "-", "+")
        from leadingZeros in Gen.Choose(0, 3)
        from digits in Gen.Choose(1, 21)
        from digitText in Gen.ArrayOf(Gen.Choose(0, 9), digits)
        from point in Gen.Choose(-1, digits)
        from exponent in Gen.OneOf(Gen.Constant(string.Empty), Gen.Choose(-30, 30).Select(e => "e" + e.ToString(CultureInfo.InvariantCulture)))
        select sign + Compose(new string('0', leadingZeros) + string.Concat(digitText), point < 0 ? -1 : point + leadingZeros) + exponent;

    private static string Compose(string digits, int point) =>
        point < 0 ? digits : digits[..point] + "." + digits[point..];
}
