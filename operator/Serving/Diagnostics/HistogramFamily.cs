namespace MetricsOperator.Serving.Diagnostics;

/// <summary>
/// Histograms with explicit upper bounds (the family's, not the instrument's advice, so the exposed buckets match
/// the reference's exactly). Replacing the bounds starts the family afresh, which Prometheus reads as a reset.
/// </summary>
internal sealed class HistogramFamily : MetricFamily
{
    private Layout _layout;

    public HistogramFamily(string name, string help, IReadOnlyList<double> upperBounds)
        : base(name, help, PrometheusMetricType.Histogram)
    {
        _layout = new Layout(ValidBounds(upperBounds));
    }

    public IReadOnlyList<double> UpperBounds => Volatile.Read(ref _layout).Bounds;

    public void ReplaceBounds(IReadOnlyList<double> upperBounds)
    {
        var bounds = ValidBounds(upperBounds);
        if (!bounds.AsSpan().SequenceEqual(Volatile.Read(ref _layout).Bounds))
        {
            Volatile.Write(ref _layout, new Layout(bounds));
        }
    }

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var layout = Volatile.Read(ref _layout);
        layout.Series.Get(tags).Observe(layout.Bounds, value);
    }

    protected override void WriteSamples(PrometheusTextWriter writer)
    {
        var layout = Volatile.Read(ref _layout);
        var counts = new long[layout.Bounds.Length + 1];
        foreach (var (key, cell) in layout.Series.Snapshot())
        {
            var (sum, count) = cell.CopyTo(counts);
            long cumulative = 0;
            for (var i = 0; i < layout.Bounds.Length; i++)
            {
                cumulative += counts[i];
                writer.WriteBucket(Name, key, layout.Bounds[i], cumulative);
            }

            writer.WriteBucket(Name, key, double.PositiveInfinity, count);
            writer.WriteSample(Name, "_sum"u8, key, sum);
            writer.WriteSample(Name, "_count"u8, key, count);
        }
    }

    private static double[] ValidBounds(IReadOnlyList<double> upperBounds)
    {
        ArgumentNullException.ThrowIfNull(upperBounds);
        var bounds = upperBounds.ToArray();
        for (var i = 0; i < bounds.Length; i++)
        {
            if (!double.IsFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1]))
            {
                throw new ArgumentException($"histogram bounds must be finite and strictly increasing; got {string.Join(", ", bounds)}", nameof(upperBounds));
            }
        }

        return bounds;
    }

    private sealed class Layout(double[] bounds)
    {
        public double[] Bounds { get; } = bounds;

        public SeriesTable<Cell> Series { get; } = new(() => new Cell(bounds.Length + 1));
    }

    private sealed class Cell(int bucketCount)
    {
        private readonly long[] _counts = new long[bucketCount];
        private readonly Lock _lock = new();
        private double _sum;
        private long _count;

        public void Observe(double[] bounds, double value)
        {
            // Prometheus counts NaN in +Inf only; BinarySearch would put it first.
            var bucket = double.IsNaN(value) ? bounds.Length : BucketOf(bounds, value);
            lock (_lock)
            {
                _counts[bucket]++;
                _sum += value;
                _count++;
            }
        }

        /// <summary>Copies the per-bucket (not cumulative) counts; sum and count from the same instant.</summary>
        public (double Sum, long Count) CopyTo(long[] counts)
        {
            lock (_lock)
            {
                _counts.CopyTo(counts, 0);
                return (_sum, _count);
            }
        }

        // le semantics: a value equal to a bound belongs to that bound's bucket.
        private static int BucketOf(double[] bounds, double value)
        {
            var index = Array.BinarySearch(bounds, value);
            return index >= 0 ? index : ~index;
        }
    }
}
