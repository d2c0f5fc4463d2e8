using System.Buffers;
using System.Text;
using MetricsOperator.Scraping;
using MetricsOperator.Serving.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricsOperator.Tests.Serving.Diagnostics;

/// <summary>A collector with metrics-server's families over a private meter factory, read back as text.</summary>
internal sealed class CollectorHarness : IDisposable
{
    public CollectorHarness(TimeSpan? resolution = null)
    {
        Collector = new OperatorMetricsCollector(
            Meters, OperatorMetricFamilies.Create(resolution ?? new ScrapeSettings().Resolution), NullLogger<OperatorMetricsCollector>.Instance);
    }

    public ScopedMeterFactory Meters { get; } = new();

    public OperatorMetricsCollector Collector { get; }

    public string Scrape()
    {
        var output = new ArrayBufferWriter<byte>();
        Collector.WriteTo(output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>The lines of one family (HELP, TYPE and samples) as written.</summary>
    public string Family(string name) => FamilyOf(Scrape(), name);

    public static string FamilyOf(string exposition, string name)
    {
        var lines = exposition.Split('\n').Where(line =>
            line.StartsWith($"# HELP {name} ", StringComparison.Ordinal)
            || line.StartsWith($"# TYPE {name} ", StringComparison.Ordinal)
            || (!line.StartsWith('#') && (line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal)
                || line.StartsWith(name + "_bucket", StringComparison.Ordinal) || line.StartsWith(name + "_sum", StringComparison.Ordinal)
                || line.StartsWith(name + "_count", StringComparison.Ordinal))));
        return string.Join('\n', lines) + '\n';
    }

    public void Dispose()
    {
        Collector.Dispose();
        Meters.Dispose();
    }
}
