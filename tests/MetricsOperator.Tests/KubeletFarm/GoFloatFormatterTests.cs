using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using MetricsOperator.KubeletFarm;
using MetricsOperator.Tests.Fixtures;

namespace MetricsOperator.Tests.KubeletFarm;

[TestFixture]
internal sealed class GoFloatFormatterTests
{
    private delegate int LongFormatter(long value, Span<byte> destination);

    // Expected strings are what Go's strconv.FormatFloat(v, 'g', -1, 64) prints, with expfmt's special cases.
    [TestCase(4.710169, "4.710169")]
    [TestCase(12533760d, "1.253376e+07")]
    [TestCase(0.5, "0.5")]
    [TestCase(1e21, "1e+21")]
    [TestCase(1e-5, "1e-05")]
    [TestCase(123456789d, "1.23456789e+08")]
    [TestCase(2486087680d, "2.48608768e+09")]
    [TestCase(357.35491, "357.35491")]
    [TestCase(1616273408d, "1.616273408e+09")]
    [TestCase(1633252712d, "1.633252712e+09")]
    [TestCase(0.0001, "0.0001")]
    [TestCase(0.00012345, "0.00012345")]
    [TestCase(100000d, "100000")]
    [TestCase(999999d, "999999")]
    [TestCase(1e6, "1e+06")]
    [TestCase(123456.7, "123456.7")]
    [TestCase(1234567.5, "1.2345675e+06")]
    [TestCase(1e15, "1e+15")]
    [TestCase(1.2345678901234568e17, "1.2345678901234568e+17")]
    [TestCase(1e100, "1e+100")]
    [TestCase(3e-7, "3e-07")]
    [TestCase(1.1e-6, "1.1e-06")]
    [TestCase(-2.5e-7, "-2.5e-07")]
    [TestCase(-357.35491, "-357.35491")]
    [TestCase(0.30000000000000004, "0.30000000000000004")]
    [TestCase(5e-324, "5e-324")]
    [TestCase(double.MaxValue, "1.7976931348623157e+308")]
    [TestCase(13638.443124082, "13638.443124082")]
    [TestCase(0d, "0")]
    [TestCase(-0d, "0")]
    [TestCase(1d, "1")]
    [TestCase(-1d, "-1")]
    [TestCase(double.NaN, "NaN")]
    [TestCase(double.PositiveInfinity, "+Inf")]
    [TestCase(double.NegativeInfinity, "-Inf")]
    public void Formats_like_go_shortest_g(double value, string expected) =>
        Assert.That(GoFloatFormatter.Format(value), Is.EqualTo(expected));

    [Test]
    public void Reproduces_every_value_a_real_kubelet_wrote()
    {
        var lines = File.ReadAllLines(SharedFixtures.Kubelet("kind-node-70-pods.prom")).Where(l => l.Length > 0 && l[0] != '#').ToList();
        Assert.That(lines, Has.Count.GreaterThan(100));
        Assert.Multiple(() =>
        {
            foreach (var line in lines)
            {
                var written = line.Split(' ')[1];
                var value = double.Parse(written, NumberStyles.Float, CultureInfo.InvariantCulture);
                Assert.That(GoFloatFormatter.Format(value), Is.EqualTo(written), line);
            }
        });
    }

    [Test]
    public void Output_round_trips_and_uses_exponent_form_only_outside_1e_minus4_to_1e6()
    {
        // Unsized random bit patterns cover subnormals and both ends of the exponent range; FsCheck's own
        // doubles add the short decimal values counters usually hold.
        var fromBits = ArbMap.Default.ArbFor<DoNotSize<long>>()
            .Convert(bits => BitConverter.Int64BitsToDouble(bits.Item), value => DoNotSize<long>.NewDoNotSize(BitConverter.DoubleToInt64Bits(value)));
        foreach (var values in new[] { fromBits, ArbMap.Default.ArbFor<double>() })
        {
            var property = Prop.ForAll(values.Filter(double.IsFinite), value =>
            {
                var text = GoFloatFormatter.Format(value);
                var parsed = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                var magnitude = Math.Abs(value);
                var expectExponent = magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e6);
                return (parsed == value && text.Contains('e', StringComparison.Ordinal) == expectExponent).Label($"{value:R} -> {text}");
            });
            Check.One(Config.QuickThrowOnFailure.WithMaxTest(5000), property);
        }
    }

    [Test]
    public void Counter_and_byte_shortcuts_match_the_general_formatting()
    {
        var values = ArbMap.Default.ArbFor<DoNotSize<long>>().Convert(v => v.Item, DoNotSize<long>.NewDoNotSize);
        // Spread over every magnitude, including past the shortcuts' limits (2^23 s of CPU, 2^53 bytes) and negatives.
        var property = Prop.ForAll(values, raw =>
        {
            var value = raw >> (int)((ulong)raw % 64);
            return (Shortcut(GoFloatFormatter.FormatNanosecondsAsSeconds, value) == GoFloatFormatter.Format(value / 1e9)
                    && Shortcut(GoFloatFormatter.FormatInteger, value) == GoFloatFormatter.Format(value))
                .Label(value.ToString(CultureInfo.InvariantCulture));
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(20_000), property);
    }

    [TestCase(4_710_169_000L, "4.710169")]
    [TestCase(357_354_910_000L, "357.35491")]
    [TestCase(100L, "1e-07")]
    [TestCase(8_388_607_999_999_999L, "8.388607999999999e+06")]
    [TestCase(0L, "0")]
    public void Formats_cpu_nanoseconds_as_kubelet_seconds(long nanoseconds, string expected) =>
        Assert.That(Shortcut(GoFloatFormatter.FormatNanosecondsAsSeconds, nanoseconds), Is.EqualTo(expected));

    private static string Shortcut(LongFormatter format, long value)
    {
        var buffer = new byte[GoFloatFormatter.MaxLength];
        return System.Text.Encoding.ASCII.GetString(buffer, 0, format(value, buffer));
    }

    [Test]
    public void Refuses_a_destination_that_could_be_too_small() =>
        Assert.That(() => GoFloatFormatter.Format(1.5, new byte[8]), Throws.ArgumentException);
}
