namespace MetricsOperator.Benchmarks.Scrape;

/// <summary>Order statistics over the handful of values a benchmark run yields (nearest-rank percentiles).</summary>
internal static class Stats
{
    public static double Median(IReadOnlyCollection<double> values) => Percentile(values, 50);

    public static double Max(IReadOnlyCollection<double> values) => values.Count == 0 ? double.NaN : values.Max();

    public static double Percentile(IReadOnlyCollection<double> values, double percent)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        if (percent == 50 && sorted.Length % 2 == 0)
        {
            return (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
