using System.Text;
using MetricsOperator.Storage;

namespace MetricsOperator.Tests.Storage;

public sealed class QuantityFormatterTests
{
    [TestCase(0UL, "0")]
    [TestCase(1_000_000_000UL, "1")]
    [TestCase(2_500_000_000UL, "2500m")]
    [TestCase(500_000_000UL, "500m")]
    [TestCase(100_000_000UL, "100m")]
    [TestCase(5_000_000_000UL, "5")]
    [TestCase(20_000UL, "20u")]
    [TestCase(4_710_169UL, "4710169n")]
    [TestCase(10_000_000UL, "10m")]
    [TestCase(1_000_000_000_000UL, "1k")]
    [TestCase(9_000_000_000_000_000_000UL, "9G")]
    public void Cpu_nanocores_take_the_largest_exact_decimal_suffix(ulong nanoCores, string expected)
    {
        Assert.That(QuantityFormatter.FormatCpuNanoCores(nanoCores), Is.EqualTo(expected));
    }

    [TestCase(0UL, "0")]
    [TestCase(600UL, "600")]
    [TestCase(1000UL, "1k")]
    [TestCase(1023UL, "1023")]
    [TestCase(1024UL, "1Ki")]
    [TestCase(1536UL, "1536")]
    [TestCase(2000UL, "2000")]
    [TestCase(3_145_728UL, "3Mi")]
    [TestCase(5_242_880UL, "5Mi")]
    [TestCase(12_533_760UL, "12240Ki")]
    [TestCase(1_616_273_408UL, "1578392Ki")]
    [TestCase(1UL << 60, "1Ei")]
    public void Bytes_take_a_binary_suffix_when_exact(ulong bytes, string expected)
    {
        Assert.That(QuantityFormatter.FormatBytes(bytes), Is.EqualTo(expected));
    }

    /// <summary>S30: values above MaxInt64 keep value/10 at the next scale; below it they are exact.</summary>
    [Test]
    public void Values_above_max_int64_lose_their_last_digit_like_the_reference()
    {
        const ulong max = long.MaxValue;
        Assert.Multiple(() =>
        {
            Assert.That(QuantityFormatter.FormatBytes(max + 10), Is.EqualTo(((max / 10) + 1).ToString() + "0"));
            Assert.That(QuantityFormatter.FormatBytes(max + 20), Is.EqualTo(((max / 10) + 2).ToString() + "0"));
            Assert.That(QuantityFormatter.FormatBytes(max - 10), Is.EqualTo((max - 10).ToString()));
            Assert.That(QuantityFormatter.FormatBytes(max - 100), Is.EqualTo((max - 100).ToString()));
            Assert.That(QuantityFormatter.FormatBytes(ulong.MaxValue), Is.EqualTo("18446744073709551610"));
            Assert.That(QuantityFormatter.FormatCpuNanoCores(max + 10), Is.EqualTo("9223372036854775810n"));
            Assert.That(QuantityFormatter.FormatCpuNanoCores(ulong.MaxValue), Is.EqualTo("18446744073709551610n"));
        });
    }

    [Test]
    public void Utf8_overload_writes_the_same_text_into_a_caller_buffer()
    {
        Span<byte> buffer = stackalloc byte[QuantityFormatter.MaxLength];
        var written = QuantityFormatter.FormatCpuNanoCores(2_500_000_000, buffer);
        Assert.That(Encoding.UTF8.GetString(buffer[..written]), Is.EqualTo("2500m"));
    }
}

public sealed class GoDurationFormatterTests
{
    [TestCase(0L, "0s")]
    [TestCase(1L, "1ns")]
    [TestCase(999L, "999ns")]
    [TestCase(1_000L, "1µs")]
    [TestCase(1_500L, "1.5µs")]
    [TestCase(1_500_000L, "1.5ms")]
    [TestCase(20_000_000L, "20ms")]
    [TestCase(10_000_000_000L, "10s")]
    [TestCase(15_021_000_000L, "15.021s")]
    [TestCase(20_021_000_000L, "20.021s")]
    [TestCase(60_000_000_000L, "1m0s")]
    [TestCase(90_500_000_000L, "1m30.5s")]
    [TestCase(3_600_000_000_000L, "1h0m0s")]
    [TestCase(-1_000_000_000L, "-1s")]
    [TestCase(long.MaxValue, "2562047h47m16.854775807s")]
    [TestCase(long.MinValue, "-2562047h47m16.854775808s")]
    public void Formats_like_go_duration_string(long nanoseconds, string expected)
    {
        Assert.That(GoDurationFormatter.Format(nanoseconds), Is.EqualTo(expected));
    }

    [Test]
    public void Micro_sign_is_U00B5_in_utf8()
    {
        Span<byte> buffer = stackalloc byte[GoDurationFormatter.MaxLength];
        var written = GoDurationFormatter.Format(1_000, buffer);
        Assert.That(buffer[..written].ToArray(), Is.EqualTo(new byte[] { (byte)'1', 0xC2, 0xB5, (byte)'s' }));
    }

    [Test]
    public void Time_span_overload_uses_its_ticks()
    {
        Assert.That(GoDurationFormatter.Format(TimeSpan.FromSeconds(10)), Is.EqualTo("10s"));
    }
}
