using System.Globalization;
using MetricsOperator.KubeletFarm;

namespace MetricsOperator.Tests.EndToEnd;

/// <summary>Reads <c>kubectl top</c> tables and compares them with the usage the simulated kubelets were given.</summary>
internal static class Usage
{
    /// <summary>Rows of a kubectl top table (those with metrics) keyed by the name column (namespace/name with -A), with CPU in millicores and memory in MiB.</summary>
    public static Dictionary<string, (long MilliCores, long MiB)> Parse(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Is.Not.Empty, "kubectl top printed nothing");
        var header = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var cpu = header.IndexOf("CPU(cores)");
        var memory = header.IndexOf("MEMORY(bytes)");
        var ns = header.IndexOf("NAMESPACE");
        var name = header.IndexOf("NAME");
        Assert.That(cpu >= 0 && memory >= 0 && name >= 0, Is.True, "unexpected kubectl top header: " + lines[0]);
        var rows = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var key = ns >= 0 ? cells[ns] + "/" + cells[name] : cells[name];
            if (cells[cpu] == "<unknown>")
            {
                // kubectl top node lists nodes without metrics this way.
                continue;
            }

            rows[key] = (Number(cells[cpu], "m"), Number(cells[memory], "Mi"));
        }

        return rows;
    }

    /// <summary>Null when the row shows <paramref name="expected"/> within kubectl's rounding (1m, 1Mi), else a description.</summary>
    public static string? Mismatch(string what, (long MilliCores, long MiB) shown, ResourceUsage expected)
    {
        var milli = expected.NanoCores / 1e6;
        var mib = expected.MemoryBytes / (1024.0 * 1024.0);
        return Math.Abs(shown.MilliCores - milli) <= 1.5 && Math.Abs(shown.MiB - mib) <= 1.5
            ? null
            : $"{what}: kubectl shows {shown.MilliCores}m {shown.MiB}Mi, the kubelet was given {milli:0.###}m {mib:0.###}Mi";
    }

    private static long Number(string cell, string unit)
    {
        Assert.That(cell, Does.EndWith(unit), $"unexpected cell {cell}");
        return long.Parse(cell[..^unit.Length], CultureInfo.InvariantCulture);
    }
}
