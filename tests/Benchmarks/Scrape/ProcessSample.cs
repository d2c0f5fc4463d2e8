using System.Globalization;

namespace MetricsOperator.Benchmarks.Scrape;

/// <summary>
/// One reading of another process from procfs: CPU time so far, resident memory now (with its anonymous and
/// file-backed parts: heap and native allocations versus mapped binaries) and its peak.
/// </summary>
internal readonly record struct ProcessSample(double ElapsedSeconds, double CpuSeconds, long RssBytes, long RssAnonBytes, long RssFileBytes, long PeakRssBytes)
{
    // USER_HZ, the unit of utime/stime in /proc/<pid>/stat, is 100 in the Linux ABI regardless of the kernel's HZ.
    private const double ClockTicksPerSecond = 100;

    /// <summary>Reads <c>/proc/&lt;pid&gt;/stat</c> (utime + stime) and <c>/proc/&lt;pid&gt;/status</c> (VmRSS, RssAnon, RssFile, VmHWM).</summary>
    /// <returns>False when the process is gone.</returns>
    public static bool TryRead(int processId, double elapsedSeconds, out ProcessSample sample)
    {
        sample = default;
        string stat;
        string status;
        try
        {
            stat = File.ReadAllText($"/proc/{processId}/stat");
            status = File.ReadAllText($"/proc/{processId}/status");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        // The command name (field 2) may hold spaces and parentheses; the fields after its closing one are fixed.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        const int UserTimeField = 14 - 3;
        const int SystemTimeField = 15 - 3;
        var ticks = long.Parse(fields[UserTimeField], CultureInfo.InvariantCulture) + long.Parse(fields[SystemTimeField], CultureInfo.InvariantCulture);
        sample = new ProcessSample(
            elapsedSeconds,
            ticks / ClockTicksPerSecond,
            Bytes(status, "VmRSS:"),
            Bytes(status, "RssAnon:"),
            Bytes(status, "RssFile:"),
            Bytes(status, "VmHWM:"));
        return true;
    }

    private static long Bytes(string status, string key)
    {
        var start = status.IndexOf(key, StringComparison.Ordinal);
        if (start < 0)
        {
            return 0;
        }

        var line = status.AsSpan(start + key.Length);
        var end = line.IndexOf('\n');
        line = (end < 0 ? line : line[..end]).Trim();
        return long.Parse(line[..line.IndexOf(' ')], CultureInfo.InvariantCulture) * 1024; // "kB" there means KiB
    }
}
