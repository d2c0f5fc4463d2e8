using System.Globalization;
using System.Text.RegularExpressions;

namespace MetricsOperator.SimulatedCluster.CustomResources.Cel;

/// <summary>Go's time.ParseDuration syntax (<c>1h30m</c>, <c>250ms</c>, <c>1.5s</c>), as CEL's duration() accepts it.</summary>
internal static partial class GoDuration
{
    public static TimeSpan Parse(string text)
    {
        var sign = text.StartsWith('-') ? -1 : 1;
        var body = text.TrimStart('-', '+');
        if (body == "0")
        {
            return TimeSpan.Zero;
        }

        var matches = Part().Matches(body);
        if (body.Length == 0 || matches.Sum(m => m.Length) != body.Length)
        {
            throw new FormatException($"invalid duration \"{text}\"");
        }

        double ticks = 0;
        foreach (Match match in matches)
        {
            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            ticks += value * match.Groups[2].Value switch
            {
                "ns" => 0.01,
                "us" or "µs" => 10,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                _ => TimeSpan.TicksPerHour,
            };
        }

        return TimeSpan.FromTicks(sign * (long)ticks);
    }

    [GeneratedRegex("([0-9]+(?:\\.[0-9]*)?)(ns|us|µs|ms|s|m|h)")]
    private static partial Regex Part();
}
