using MetricsOperator.Storage;

namespace MetricsOperator.Tests.Storage;

/// <summary>S31 (Test_resourceUsage) and the double arithmetic of the rate.</summary>
public sealed class RateCalculatorTests
{
    private static readonly long Base = PayloadBuilder.UnixNano(PayloadBuilder.T0);

    [Test]
    public void Rate_is_cpu_difference_over_the_kubelet_window()
    {
        var state = new SeriesState(
            new CumulativePoint(Base + 20_000_000, CumulativePoint.NoStart, 500),
            new CumulativePoint(Base + 10_000_000, CumulativePoint.NoStart, 300),
            memoryBytes: 600,
            swapBytes: null);

        Assert.That(RateCalculator.TryComputeUsage(state, out var usage, out var measured), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(usage.CpuNanoCores, Is.EqualTo(20_000UL));
            Assert.That(QuantityFormatter.FormatCpuNanoCores(usage.CpuNanoCores), Is.EqualTo("20u"));
            Assert.That(usage.MemoryBytes, Is.EqualTo(600UL));
            Assert.That(measured.TimestampUnixNano, Is.EqualTo(Base + 20_000_000));
            Assert.That(measured.WindowNanoseconds, Is.EqualTo(10_000_000));
        });
    }

    [Test]
    public void Start_time_moving_back_is_an_error()
    {
        var last = new CumulativePoint(Base + 20_000_000, Base, 500);
        var prev = new CumulativePoint(Base + 10_000_000, Base + 1, 300);
        Assert.That(RateCalculator.TryComputeCpu(last, prev, out _, out _), Is.False);
    }

    [Test]
    public void Cpu_going_down_is_an_error()
    {
        var last = new CumulativePoint(Base + 20_000_000, Base, 200);
        var prev = new CumulativePoint(Base + 10_000_000, Base, 300);
        Assert.That(RateCalculator.TryComputeCpu(last, prev, out _, out _), Is.False);
    }

    [Test]
    public void A_series_without_prev_has_no_usage()
    {
        var state = new SeriesState(new CumulativePoint(Base, CumulativePoint.NoStart, 1), prev: null, memoryBytes: 1, swapBytes: null);
        Assert.That(RateCalculator.TryComputeUsage(state, out _, out _), Is.False);
    }

    [Test]
    public void Rate_truncates_like_go_uint64_of_a_double()
    {
        // 10 core-s over 3 s: 3333333333.33... nanocores, truncated.
        var last = new CumulativePoint(Base + 3_000_000_000, CumulativePoint.NoStart, 10_000_000_000);
        var prev = new CumulativePoint(Base, CumulativePoint.NoStart, 0);
        Assert.That(RateCalculator.TryComputeCpu(last, prev, out var nanoCores, out _), Is.True);
        Assert.That(nanoCores, Is.EqualTo(3_333_333_333UL));
    }

    [Test]
    public void Swap_is_carried_into_the_usage()
    {
        var state = new SeriesState(
            new CumulativePoint(Base + 10_000_000_000, CumulativePoint.NoStart, 2_000_000_000),
            new CumulativePoint(Base, CumulativePoint.NoStart, 1_000_000_000),
            memoryBytes: 10,
            swapBytes: 4096);

        Assert.That(RateCalculator.TryComputeUsage(state, out var usage, out _), Is.True);
        Assert.That(usage, Is.EqualTo(new ResourceUsage(100_000_000, 10, 4096, HasSwap: true)));
    }

    [Test]
    public void Default_series_state_has_no_prev_and_no_swap()
    {
        var state = default(SeriesState);
        Assert.Multiple(() =>
        {
            Assert.That(state.HasPrev, Is.False);
            Assert.That(state.HasSwap, Is.False);
            Assert.That(state.SwapBytes, Is.Zero);
        });
    }

    [Test]
    public void Prev_and_swap_read_back_exactly_including_zero_values()
    {
        var prev = new CumulativePoint(0, CumulativePoint.NoStart, 0);
        var state = new SeriesState(new CumulativePoint(1, CumulativePoint.NoStart, 1), prev, memoryBytes: 1, swapBytes: 0);
        Assert.Multiple(() =>
        {
            Assert.That(state.HasPrev, Is.True);
            Assert.That(state.Prev, Is.EqualTo(prev));
            Assert.That(state.HasSwap, Is.True);
            Assert.That(state.SwapBytes, Is.Zero);
        });
    }
}
