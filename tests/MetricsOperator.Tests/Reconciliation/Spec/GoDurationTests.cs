using MetricsOperator.Reconciliation.Spec;

namespace MetricsOperator.Tests.Reconciliation.Spec;

public sealed class GoDurationTests
{
    [TestCase("0", 0L)]
    [TestCase("15s", 15_000_000_000L)]
    [TestCase("300ms", 300_000_000L)]
    [TestCase("1h2m3.5s", 3_723_500_000_000L)]
    [TestCase("1.5h", 5_400_000_000_000L)]
    [TestCase("1µs", 1_000L)]
    [TestCase("1μs", 1_000L)]
    [TestCase("1us", 1_000L)]
    [TestCase("100ns", 100L)]
    [TestCase(".5s", 500_000_000L)]
    [TestCase("5.s", 5_000_000_000L)]
    [TestCase("+10s", 10_000_000_000L)]
    [TestCase("43800h", 157_680_000_000_000_000L)]
    [TestCase("2562047h47m16.854775807s", long.MaxValue)]
    public void Go_syntax_is_accepted(string text, long nanoseconds)
    {
        Assert.That(GoDuration.TryParse(text, out var duration, out var error), Is.True, error);
        Assert.That(duration, Is.EqualTo(TimeSpan.FromTicks(nanoseconds / 100)));
        Assert.That(error, Is.Empty);
    }

    [TestCase("", "is empty")]
    [TestCase("-", "is negative")]
    [TestCase("-5s", "is negative")]
    [TestCase("5", "missing unit")]
    [TestCase("s", "expected a number")]
    [TestCase(".s", "expected a number")]
    [TestCase("5d", "unknown unit \"d\"")]
    [TestCase("5 s", "unknown unit \" s\"")]
    [TestCase("1h1", "missing unit")]
    [TestCase("+", "is not a Go duration")]
    [TestCase("2562048h", "out of range")]
    [TestCase("99999999999999999999h", "number too large")]
    [TestCase("9223372036854775807s", "out of range")]
    public void Anything_else_is_refused_with_the_cause(string text, string cause)
    {
        Assert.That(GoDuration.TryParse(text, out var duration, out var error), Is.False);
        Assert.That(error, Does.Contain(cause));
        Assert.That(duration, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Null_is_refused()
    {
        Assert.That(GoDuration.TryParse(null, out _, out var error), Is.False);
        Assert.That(error, Does.StartWith("is empty"));
    }
}
