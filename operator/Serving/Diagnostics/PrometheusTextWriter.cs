using System.Buffers;
using System.Globalization;
using System.Text;

namespace MetricsOperator.Serving.Diagnostics;

/// <summary>The kinds of family text format 0.0.4 knows that we produce.</summary>
internal enum PrometheusMetricType
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>
/// Writes Prometheus text format 0.0.4 into a buffer writer: <c># HELP</c> and <c># TYPE</c> lines, then samples
/// with escaped label values. Names that are not valid Prometheus names have their invalid characters replaced by
/// <c>_</c>, so a tag such as <c>http.route</c> becomes the label <c>http_route</c>.
/// </summary>
internal sealed class PrometheusTextWriter(IBufferWriter<byte> output)
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public void WriteHeader(string name, string help, PrometheusMetricType type)
    {
        WriteAscii("# HELP "u8);
        WriteName(name, allowColon: true);
        WriteByte((byte)' ');
        WriteEscaped(help, escapeQuotes: false);
        WriteAscii("\n# TYPE "u8);
        WriteName(name, allowColon: true);
        WriteAscii(type switch
        {
            PrometheusMetricType.Counter => " counter\n"u8,
            PrometheusMetricType.Gauge => " gauge\n"u8,
            _ => " histogram\n"u8,
        });
    }

    public void WriteSample(string name, ReadOnlySpan<byte> suffix, SeriesKey labels, double value)
    {
        WriteSeriesName(name, suffix, labels, extraLabel: default, extraValue: double.NaN);
        WriteDouble(value);
        WriteByte((byte)'\n');
    }

    public void WriteSample(string name, ReadOnlySpan<byte> suffix, SeriesKey labels, long value)
    {
        WriteSeriesName(name, suffix, labels, extraLabel: default, extraValue: double.NaN);
        WriteLong(value);
        WriteByte((byte)'\n');
    }

    /// <summary>A <c>_bucket</c> sample; <c>le</c> goes after the series' own labels, as the Go client writes it.</summary>
    public void WriteBucket(string name, SeriesKey labels, double upperBound, long cumulativeCount)
    {
        WriteSeriesName(name, "_bucket"u8, labels, "le"u8, upperBound);
        WriteLong(cumulativeCount);
        WriteByte((byte)'\n');
    }

    private void WriteSeriesName(string name, ReadOnlySpan<byte> suffix, SeriesKey labels, ReadOnlySpan<byte> extraLabel, double extraValue)
    {
        WriteName(name, allowColon: true);
        WriteAscii(suffix);
        if (labels.Labels.Count > 0 || !extraLabel.IsEmpty)
        {
            WriteByte((byte)'{');
            var all = labels.Labels;
            for (var i = 0; i < all.Count; i++)
            {
                var label = all[i];
                if (i > 0)
                {
                    WriteByte((byte)',');
                }

                WriteName(label.Key, allowColon: false);
                WriteAscii("=\""u8);
                WriteEscaped(label.Value, escapeQuotes: true);
                WriteByte((byte)'"');
            }

            if (!extraLabel.IsEmpty)
            {
                if (all.Count > 0)
                {
                    WriteByte((byte)',');
                }

                WriteAscii(extraLabel);
                WriteAscii("=\""u8);
                WriteDouble(extraValue);
                WriteByte((byte)'"');
            }

            WriteByte((byte)'}');
        }

        WriteByte((byte)' ');
    }

    private void WriteName(string name, bool allowColon)
    {
        var span = output.GetSpan(Math.Max(name.Length, 1));
        if (name.Length == 0)
        {
            span[0] = (byte)'_';
            output.Advance(1);
            return;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var valid = char.IsAsciiLetter(c) || c == '_' || (c == ':' && allowColon) || (i > 0 && char.IsAsciiDigit(c));
            span[i] = valid ? (byte)c : (byte)'_';
        }

        output.Advance(name.Length);
    }

    private void WriteEscaped(string text, bool escapeQuotes)
    {
        var needsEscaping = escapeQuotes ? text.AsSpan().IndexOfAny('\\', '\n', '"') >= 0 : text.AsSpan().IndexOfAny('\\', '\n') >= 0;
        if (!needsEscaping)
        {
            var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
            output.Advance(Encoding.UTF8.GetBytes(text, span));
            return;
        }

        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var escaped = text[i] switch
            {
                '\\' => "\\\\"u8,
                '\n' => "\\n"u8,
                '"' when escapeQuotes => "\\\""u8,
                _ => default,
            };
            if (escaped.IsEmpty)
            {
                continue;
            }

            WriteUtf8(text.AsSpan(start, i - start));
            WriteAscii(escaped);
            start = i + 1;
        }

        WriteUtf8(text.AsSpan(start));
    }

    private void WriteUtf8(ReadOnlySpan<char> text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private void WriteDouble(double value)
    {
        var span = output.GetSpan(PrometheusFloatFormatter.MaxLength);
        output.Advance(PrometheusFloatFormatter.Format(value, span));
    }

    private void WriteLong(long value)
    {
        var span = output.GetSpan(20);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    private void WriteAscii(ReadOnlySpan<byte> text)
    {
        text.CopyTo(output.GetSpan(text.Length));
        output.Advance(text.Length);
    }

    private void WriteByte(byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }
}
