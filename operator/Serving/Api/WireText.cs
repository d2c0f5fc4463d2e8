using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MetricsOperator.Storage;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// Up to 32 bytes of UTF-8 on the stack: a quantity, a Go duration or an RFC 3339 timestamp, formatted once and
/// handed to any writer without a string.
/// </summary>
[InlineArray(Capacity)]
internal struct WireBytes
{
    public const int Capacity = 32;

    private byte _first;
}

/// <summary>A formatted wire value: its bytes and how many of them are used.</summary>
[StructLayout(LayoutKind.Auto)]
internal struct WireText
{
    private WireBytes _bytes;
    private int _length;

    /// <summary>The UTF-8 text. Read it from a local or an <c>in</c> parameter: it points into this struct.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> Utf8 => ((ReadOnlySpan<byte>)_bytes)[.._length];

    /// <summary>Whole-second RFC 3339 in UTC, as <c>metav1.Time</c> marshals: <c>2021-10-03T09:18:52Z</c>.</summary>
    public static WireText Timestamp(DateTimeOffset time)
    {
        var text = default(WireText);
        time.UtcDateTime.TryFormat(text._bytes, out text._length, "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);
        return text;
    }

    /// <summary>The usage timestamp of a measurement, truncated to whole seconds.</summary>
    public static WireText Timestamp(in MeasurementWindow measured) => Timestamp(measured.Timestamp);

    /// <summary>The measurement window as Go prints a <c>time.Duration</c>.</summary>
    public static WireText Window(in MeasurementWindow measured)
    {
        var text = default(WireText);
        text._length = GoDurationFormatter.Format(measured.WindowNanoseconds, text._bytes);
        return text;
    }

    public static WireText Cpu(ulong nanoCores)
    {
        var text = default(WireText);
        text._length = QuantityFormatter.FormatCpuNanoCores(nanoCores, text._bytes);
        return text;
    }

    public static WireText Bytes(ulong bytes)
    {
        var text = default(WireText);
        text._length = QuantityFormatter.FormatBytes(bytes, text._bytes);
        return text;
    }
}
