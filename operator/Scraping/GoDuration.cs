using System.Globalization;

namespace MetricsOperator.Scraping;

/// <summary>Short duration text in the style of Go's <c>time.Duration</c> for messages: <c>10s</c>, <c>2.5s</c>, <c>500ms</c>.</summary>
internal static class GoDuration
{
    public static string Format(TimeSpan duration) =>
        duration < TimeSpan.FromSeconds(1)
            ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0.###}ms")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.###}s");
}
