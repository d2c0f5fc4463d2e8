using System.Globalization;
using System.Text;
using MetricsOperator.Scraping;

namespace MetricsOperator.Cli;

/// <summary>Writes a decoded payload for people: the node, every served container, then what was dropped and why.</summary>
internal static class InspectTableWriter
{
    private const string Absent = "-";

    public static void WriteDecoded(TextWriter output, string nodeName, DecodedPayload decoded)
    {
        var node = new InspectTextTable("NODE", "CPU(core-seconds)", "MEMORY(bytes)", "SWAP(bytes)", "TIMESTAMP");
        if (decoded.HasNode)
        {
            ref readonly var n = ref decoded.Node;
            node.Add(nodeName, CoreSeconds(n.CpuNanoCoreSeconds), Number(n.MemoryWorkingSetBytes), Swap(n.HasSwap, n.SwapUsageBytes),
                InspectTimeFormat.Rfc3339Nano(n.TimestampUnixNano));
        }

        WriteSection(output, node, $"no usable node point for {nodeName}");

        var containers = new InspectTextTable(
            "NAMESPACE", "POD", "CONTAINER", "CPU(core-seconds)", "MEMORY(bytes)", "SWAP(bytes)", "TIMESTAMP", "START TIME");
        foreach (var pod in decoded.Pods)
        {
            foreach (var c in decoded.ContainersOf(pod))
            {
                containers.Add(
                    Text(decoded, pod.Namespace), Text(decoded, pod.Name), Text(decoded, c.Name), CoreSeconds(c.CpuNanoCoreSeconds),
                    Number(c.MemoryWorkingSetBytes), Swap(c.HasSwap, c.SwapUsageBytes), InspectTimeFormat.Rfc3339Nano(c.TimestampUnixNano),
                    c.StartTimeUnixNano == 0 ? Absent : InspectTimeFormat.Rfc3339Nano(c.StartTimeUnixNano));
            }
        }

        output.WriteLine();
        WriteSection(output, containers, "no usable pods");

        var dropped = new InspectTextTable("DROPPED", "NAMESPACE", "POD", "CONTAINER", "REASON", "LINE");
        foreach (var d in decoded.Dropped)
        {
            dropped.Add(
                InspectNames.Of(d.Kind), TextOrAbsent(decoded, d.Namespace), TextOrAbsent(decoded, d.Pod), TextOrAbsent(decoded, d.Container),
                InspectNames.Of(d.Reason), Number((ulong)d.Line));
        }

        output.WriteLine();
        WriteSection(output, dropped, "nothing dropped");
    }

    /// <summary>Nanocore-seconds as exact decimal core-seconds (no float rounding): 4710169000 is "4.710169".</summary>
    public static string CoreSeconds(ulong nanoCoreSeconds)
    {
        var whole = nanoCoreSeconds / 1_000_000_000;
        var fraction = nanoCoreSeconds % 1_000_000_000;
        return fraction == 0
            ? Number(whole)
            : Number(whole) + "." + fraction.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
    }

    private static void WriteSection(TextWriter output, InspectTextTable table, string whenEmpty)
    {
        if (table.RowCount == 0)
        {
            output.WriteLine(whenEmpty);
            return;
        }

        table.WriteTo(output);
    }

    private static string Swap(bool hasSwap, ulong bytes) => hasSwap ? Number(bytes) : Absent;

    private static string Number(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(DecodedPayload decoded, Utf8Range range) => Printable(Encoding.UTF8.GetString(decoded.Label(range)));

    private static string TextOrAbsent(DecodedPayload decoded, Utf8Range range) => range.Length == 0 ? Absent : Text(decoded, range);

    /// <summary>Label values may hold newlines or tabs (escaped in the payload); keep each row on one line.</summary>
    private static string Printable(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            _ = char.IsControl(c) ? builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}") : builder.Append(c);
        }

        return builder.ToString();
    }
}
