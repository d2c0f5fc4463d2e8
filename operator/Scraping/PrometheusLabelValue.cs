using System.Runtime.InteropServices;

namespace MetricsOperator.Scraping;

/// <summary>
/// A label value as it appears between its quotes in the text format, still escaped. Only <c>\\</c>, <c>\"</c> and
/// <c>\n</c> are escapes (as in the Prometheus parser); any other backslash pair is kept as it is.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal readonly ref struct PrometheusLabelValue
{
    public PrometheusLabelValue(ReadOnlySpan<byte> raw, bool hasEscapes)
    {
        Raw = raw;
        HasEscapes = hasEscapes;
        IsPresent = true;
    }

    public ReadOnlySpan<byte> Raw { get; }

    public bool HasEscapes { get; }

    public bool IsPresent { get; }

    /// <summary>True when the label is absent or its value is empty.</summary>
    public bool IsMissing => Raw.IsEmpty;

    /// <summary>The unescaped value; <paramref name="scratch"/> must hold at least <see cref="Raw"/>'s length.</summary>
    public ReadOnlySpan<byte> Unescape(Span<byte> scratch) => HasEscapes ? scratch[..UnescapeInto(Raw, scratch)] : Raw;

    /// <summary>Writes the unescaped form of <paramref name="raw"/> and returns its length (never more than the raw length).</summary>
    public static int UnescapeInto(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        var written = 0;
        while (!raw.IsEmpty)
        {
            var backslash = raw.IndexOf((byte)'\\');
            if (backslash < 0 || backslash == raw.Length - 1)
            {
                raw.CopyTo(destination[written..]);
                return written + raw.Length;
            }

            raw[..backslash].CopyTo(destination[written..]);
            written += backslash;
            var escaped = raw[backslash + 1];
            switch (escaped)
            {
                case (byte)'\\':
                case (byte)'"':
                    destination[written++] = escaped;
                    break;
                case (byte)'n':
                    destination[written++] = (byte)'\n';
                    break;
                default:
                    destination[written++] = (byte)'\\';
                    destination[written++] = escaped;
                    break;
            }

            raw = raw[(backslash + 2)..];
        }

        return written;
    }
}
