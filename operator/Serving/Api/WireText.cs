using System.Diagnostics.CodeAnalysis;
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
        // Written digit by digit: a custom DateTime format string is re-parsed on every call, and this runs per item.
        var (date, timeOfDay) = time.UtcDateTime;
        date.Deconstruct(out var year, out var month, out var day);
        var text = default(WireText);
        Span<byte> bytes = text._bytes;
        WriteDigits(bytes[..4], year);
        bytes[4] = (byte)'-';
        WriteDigits(bytes.Slice(5, 2), month);
        bytes[7] = (byte)'-';
        WriteDigits(bytes.Slice(8, 2), day);
        bytes[10] = (byte)'T';
        WriteDigits(bytes.Slice(11, 2), timeOfDay.Hour);
        bytes[13] = (byte)':';
        WriteDigits(bytes.Slice(14, 2), timeOfDay.Minute);
        bytes[16] = (byte)':';
        WriteDigits(bytes.Slice(17, 2), timeOfDay.Second);
        bytes[19] = (byte)'Z';
        text._length = 20;
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

    /// <summary>Writes <paramref name="value"/> zero-padded to exactly the destination's length.</summary>
    private static void WriteDigits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
