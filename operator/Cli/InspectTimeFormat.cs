using System.Globalization;

namespace MetricsOperator.Cli;

/// <summary>Formats Unix nanoseconds like Go's <c>time.RFC3339Nano</c> in UTC: fraction trimmed of trailing zeros, or none.</summary>
internal static class InspectTimeFormat
{
    private const long NanosecondsPerSecond = 1_000_000_000;

    public static string Rfc3339Nano(long unixNano)
    {
        var seconds = Math.DivRem(unixNano, NanosecondsPerSecond, out var fraction);
        if (fraction < 0)
        {
            seconds--;
            fraction += NanosecondsPerSecond;
        }

        var text = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return fraction == 0
            ? text + "Z"
            : text + "." + fraction.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0') + "Z";
    }
}
