namespace MetricsOperator.KubeletFarm;

/// <summary>
/// Checks the process may open enough sockets for a farm. The .NET runtime already raises the soft limit to the hard
/// one at start-up on Linux, so what is left to do is fail early with the fix spelled out instead of dying halfway.
/// </summary>
internal static class OpenFileLimit
{
    /// <summary>Each node needs its listener plus one accepted connection per scraper; the rest is headroom.</summary>
    public static int RequiredFor(int nodeCount) => (nodeCount * 2) + 256;

    public static void EnsureFor(int nodeCount)
    {
        var required = RequiredFor(nodeCount);
        var limit = Current();
        if (limit is { } available && available < required)
        {
            throw new InvalidOperationException(
                $"a farm of {nodeCount} kubelets needs at least {required} open files but this process may open {available}; " +
                $"raise it (e.g. `ulimit -n {Math.Max(required * 2, 20_000)}` before starting, or LimitNOFILE= in a systemd unit)");
        }
    }

    /// <summary>The soft limit on open files from /proc/self/limits, or null where that file does not exist.</summary>
    public static long? Current()
    {
        const string LimitsFile = "/proc/self/limits";
        if (!File.Exists(LimitsFile))
        {
            return null;
        }

        foreach (var line in File.ReadLines(LimitsFile))
        {
            if (!line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 0 && long.TryParse(fields[0], out var soft) ? soft : long.MaxValue; // "unlimited"
        }

        return null;
    }
}
