using MetricsOperator.Cli;

namespace MetricsOperator.Tests.Scraping.Decoding;

/// <summary>The number and time formats <c>inspect</c> prints.</summary>
[TestFixture]
internal sealed class InspectFormattingTests
{
    [TestCase(1_633_253_809_720_000_000L, "2021-10-03T09:36:49.72Z")]
    [TestCase(1_633_252_712_000_000_000L, "2021-10-03T09:18:32Z")]
    [TestCase(0L, "1970-01-01T00:00:00Z")]
    [TestCase(1L, "1970-01-01T00:00:00.000000001Z")]
    [TestCase(-1L, "1969-12-31T23:59:59.999999999Z")]
    [TestCase(long.MaxValue, "2262-04-11T23:47:16.854775807Z")]
    [TestCase(long.MinValue, "1677-09-21T00:12:43.145224192Z")]
    public void FormatsTimesLikeGoRfc3339Nano(long unixNano, string expected)
    {
        Assert.That(InspectTimeFormat.Rfc3339Nano(unixNano), Is.EqualTo(expected));
    }

    [TestCase(4_710_169_000UL, "4.710169")]
    [TestCase(357_354_910_000UL, "357.35491")]
    [TestCase(1_000_000_000UL, "1")]
    [TestCase(1UL, "0.000000001")]
    [TestCase(ulong.MaxValue, "18446744073.709551615")]
    public void FormatsCpuAsExactCoreSeconds(ulong nanoCoreSeconds, string expected)
    {
        Assert.That(InspectTableWriter.CoreSeconds(nanoCoreSeconds), Is.EqualTo(expected));
    }
}
