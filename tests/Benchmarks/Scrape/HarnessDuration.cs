using System.Globalization;

namespace MetricsOperator.Benchmarks.Scrape;

/// <summary>Durations written as on the operator's command line: a number with a unit, <c>500ms</c>, <c>15s</c>, <c>1m</c>.</summary>
internal static class HarnessDuration
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var (unit, scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => ("ms", TimeSpan.FromMilliseconds(1)),
            _ when text.EndsWith('s') => ("s", TimeSpan.FromSeconds(1)),
            _ when text.EndsWith('m') => ("m", TimeSpan.FromMinutes(1)),
            _ => (string.Empty, TimeSpan.Zero),
        };
        if (unit.Length == 0
            || !double.TryParse(text.AsSpan(0, text.Length - unit.Length), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        duration = scale * amount;
        return true;
    }

    public static string Format(TimeSpan duration) =>
        duration.TotalSeconds >= 1 || duration == TimeSpan.Zero
            ? duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s"
            : duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";
}
