using System.Globalization;

namespace MetricsOperator.Benchmarks.Scrape;

/// <summary>
/// CPU time the whole machine spent busy so far (first line of <c>/proc/stat</c>, everything but idle and iowait):
/// with the operator's and the farm's share subtracted it shows how much else ran during a measurement.
/// </summary>
internal static class MachineCpu
{
    private const double ClockTicksPerSecond = 100; // USER_HZ

    public static double BusySeconds()
    {
        string? line;
        try
        {
            using var reader = new StreamReader("/proc/stat");
            line = reader.ReadLine();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return double.NaN;
        }

        // "cpu  user nice system idle iowait irq softirq steal guest guest_nice"; guest time is already in user.
        var fields = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields is null || fields.Length < 9 || fields[0] != "cpu")
        {
            return double.NaN;
        }

        long busy = 0;
        for (var i = 1; i <= 8; i++)
        {
            if (i is 4 or 5)
            {
                continue; // idle, iowait
            }

            busy += long.Parse(fields[i], CultureInfo.InvariantCulture);
        }

        return busy / ClockTicksPerSecond;
    }
}
