using System.Text;

namespace MetricsOperator.KubeletFarm;

/// <summary>
/// Encodes a Prometheus label set once, when a series is created, so rendering a sample is a plain byte copy.
/// Labels must be given in name order (expfmt sorts them); values are escaped as the text format requires.
/// </summary>
internal static class LabelSetEncoder
{
    public static byte[] Container(string container, string @namespace, string pod) =>
        Encode([("container", container), ("namespace", @namespace), ("pod", pod)]);

    public static byte[] Pod(string @namespace, string pod) => Encode([("namespace", @namespace), ("pod", pod)]);

    private static byte[] Encode(ReadOnlySpan<(string Name, string Value)> labels)
    {
        var builder = new StringBuilder(128);
        builder.Append('{');
        for (var i = 0; i < labels.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(labels[i].Name).Append("=\"");
            AppendEscaped(builder, labels[i].Value);
            builder.Append('"');
        }

        builder.Append('}');
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static void AppendEscaped(StringBuilder builder, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    builder.Append(@"\\");
                    break;
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\n':
                    builder.Append(@"\n");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
    }
}
