using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using MetricsOperator.KubeletFarm;
using MetricsOperator.Serving.Diagnostics;

namespace MetricsOperator.Tests.Serving.Diagnostics;

/// <summary>Numbers are written exactly as Go's strconv.FormatFloat(f, 'g', -1, 64) writes them.</summary>
public sealed class PrometheusFloatFormatterTests
{
    [TestCase(0d, "0")]
    [TestCase(1d, "1")]
    [TestCase(-1d, "-1")]
    [TestCase(0.005, "0.005")]
    [TestCase(0.0001, "0.0001")]
    [TestCase(0.00001, "1e-05")]
    [TestCase(30d, "30")]
    [TestCase(123456d, "123456")]
    [TestCase(1000000d, "1e+06")]
    [TestCase(1234567d, "1.234567e+06")]
    [TestCase(-62135596800d, "-6.21355968e+10")]
    [TestCase(1.8604960000000004, "1.8604960000000004")]
    [TestCase(364.31163045936864, "364.31163045936864")]
    [TestCase(1e21, "1e+21")]
    [TestCase(1.5e300, "1.5e+300")]
    [TestCase(5e-324, "5e-324")]
    [TestCase(double.MaxValue, "1.7976931348623157e+308")]
    [TestCase(double.PositiveInfinity, "+Inf")]
    [TestCase(double.NegativeInfinity, "-Inf")]
    [TestCase(double.NaN, "NaN")]
    public void Formats_like_go(double value, string expected) =>
        Assert.That(PrometheusFloatFormatter.Format(value), Is.EqualTo(expected));

    [Test]
    public void Agrees_with_the_kubelet_farms_go_formatter_on_every_double()
    {
        // Random bit patterns reach subnormals and both ends of the exponent range; FsCheck's doubles add the
        // short decimals counters usually hold. The farm's formatter is checked against real kubelet output.
        var fromBits = ArbMap.Default.ArbFor<DoNotSize<long>>()
            .Convert(bits => BitConverter.Int64BitsToDouble(bits.Item), value => DoNotSize<long>.NewDoNotSize(BitConverter.DoubleToInt64Bits(value)));
        foreach (var values in new[] { fromBits, ArbMap.Default.ArbFor<double>() })
        {
            var property = Prop.ForAll(values, value =>
            {
                var ours = PrometheusFloatFormatter.Format(value);
                var parsesBack = !double.IsFinite(value) || double.Parse(ours, NumberStyles.Float, CultureInfo.InvariantCulture).Equals(value == 0 ? 0d : value);
                return (ours == GoFloatFormatter.Format(value) && parsesBack).Label($"{value:R} -> {ours}");
            });
            Check.One(Config.QuickThrowOnFailure.WithMaxTest(5000), property);
        }
    }
}
