using System.Buffers;
using System.Text.Json;
using MetricsOperator.Kubernetes.Pods;
using MetricsOperator.Storage;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// Writes PodMetricsList items as raw UTF-8 straight into the output's memory, byte for byte what
/// <see cref="MetricsObjectLayout.WritePod{TWriter}"/> writes through a <see cref="Utf8JsonWriter"/>, at a fraction of
/// the cost: the fixed parts are literals, names are narrowed to ASCII without the encoder's per-string escaping
/// scan, and the timestamp and window of the previous pod are reused when equal (pods of one scrape share them).
/// A pod with any text that would need escaping (never a valid Kubernetes name) is written by the layout instead.
/// Not thread-safe: one per response.
/// </summary>
internal sealed class JsonPodItemWriter
{
    /// <summary>Printable ASCII the configured encoder leaves as is: these copy into JSON strings unchanged.</summary>
    private static readonly bool[] VerbatimAscii = VerbatimTable();

    private readonly IBufferWriter<byte> _output;
    private readonly LayoutContext _context;
    private Utf8JsonWriter? _fallback;
    private bool _first = true;

    private long _timestampSecond = long.MinValue;
    private WireText _timestamp;
    private long _windowNanoseconds = long.MinValue;
    private WireText _window;
    private bool _windowVerbatim;
    private LabelSet? _labels;
    private byte[] _labelsJson = [];

    public JsonPodItemWriter(IBufferWriter<byte> output, in LayoutContext context)
    {
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _context = context;
    }

    /// <summary>Writes the item, preceded by the separator unless it is the first.</summary>
    public void Write(in ServedPod pod)
    {
        if (!_first)
        {
            var comma = _output.GetSpan(1);
            comma[0] = (byte)',';
            _output.Advance(1);
        }

        _first = false;
        if (!TryWriteVerbatim(pod))
        {
            WriteThroughLayout(pod);
        }
    }

    private bool TryWriteVerbatim(in ServedPod pod)
    {
        var usage = pod.Usage;
        var name = usage.Name;
        var podNamespace = usage.Namespace ?? string.Empty;
        var measured = usage.Measured;
        if (measured.TimestampUnixNano < 0 || !SetWindow(measured.WindowNanoseconds))
        {
            return false;
        }

        var labels = LabelsJson(pod.Labels);
        var containers = usage.Containers;
        var order = containers.Count <= ContainerOrder.StackLimit ? stackalloc int[containers.Count] : new int[containers.Count];
        ContainerOrder.Sort(containers, order);
        // The literals, the measurement's timestamp and the quantities fit in the constants; the rest is counted.
        var bound = 160 + _window.Utf8.Length + _context.CreationTimestamp.Utf8.Length + name.Length + podNamespace.Length + labels.Length + (containers.Count * (64 + (3 * QuantityFormatter.MaxLength)));
        foreach (var index in order)
        {
            bound += containers.NameAt(index).Length;
        }

        // Text is checked as it is copied; nothing is advanced until the whole item is written.
        var span = _output.GetSpan(bound);
        var w = 0;
        Put(span, ref w, "{\"metadata\":{\"name\":\""u8);
        if (!TryPutVerbatim(span, ref w, name))
        {
            return false;
        }

        if (podNamespace.Length > 0)
        {
            Put(span, ref w, "\",\"namespace\":\""u8);
            if (!TryPutVerbatim(span, ref w, podNamespace))
            {
                return false;
            }
        }

        Put(span, ref w, "\",\"creationTimestamp\":\""u8);
        var creationTimestamp = _context.CreationTimestamp;
        Put(span, ref w, creationTimestamp.Utf8);
        Put(span, ref w, "\""u8);
        if (labels.Length > 0)
        {
            Put(span, ref w, ",\"labels\":"u8);
            Put(span, ref w, labels);
        }

        Put(span, ref w, "},\"timestamp\":\""u8);
        Put(span, ref w, Timestamp(measured.TimestampUnixNano));
        Put(span, ref w, "\",\"window\":\""u8);
        Put(span, ref w, _window.Utf8);
        Put(span, ref w, "\",\"containers\":["u8);
        for (var i = 0; i < order.Length; i++)
        {
            var container = containers[order[i]];
            Put(span, ref w, i == 0 ? "{\"name\":\""u8 : ",{\"name\":\""u8);
            if (!TryPutVerbatim(span, ref w, container.Name))
            {
                return false;
            }

            Put(span, ref w, "\",\"usage\":{\"cpu\":\""u8);
            w += QuantityFormatter.FormatCpuNanoCores(container.Usage.CpuNanoCores, span[w..]);
            Put(span, ref w, "\",\"memory\":\""u8);
            w += QuantityFormatter.FormatBytes(container.Usage.MemoryBytes, span[w..]);
            if (_context.IncludeSwap && container.Usage.HasSwap)
            {
                Put(span, ref w, "\",\"swap\":\""u8);
                w += QuantityFormatter.FormatBytes(container.Usage.SwapBytes, span[w..]);
            }

            Put(span, ref w, "\"}}"u8);
        }

        Put(span, ref w, "]}"u8);
        _output.Advance(w);
        return true;
    }

    /// <summary>The rare pod with text to escape: the general layout through a writer of its own (a fresh document, so no separator).</summary>
    private void WriteThroughLayout(in ServedPod pod)
    {
        if (_fallback is null)
        {
            _fallback = new Utf8JsonWriter(_output, JsonDocumentWriter.Options);
        }
        else
        {
            _fallback.Reset(_output);
        }

        MetricsObjectLayout.WritePod(new JsonDocumentWriter(_fallback), pod, _context, withTypeMeta: false);
        _fallback.Flush();
    }

    /// <summary>Whole-second RFC 3339, formatted again only when the second differs from the previous pod's.</summary>
    private ReadOnlySpan<byte> Timestamp(long unixNano)
    {
        var second = unixNano / 1_000_000_000;
        if (second != _timestampSecond)
        {
            _timestamp = WireText.Timestamp(DateTimeOffset.FromUnixTimeSeconds(second));
            _timestampSecond = second;
        }

        return _timestamp.Utf8;
    }

    /// <summary>Formats the window unless it equals the previous pod's; false when it is not plain ASCII (µs).</summary>
    private bool SetWindow(long windowNanoseconds)
    {
        if (windowNanoseconds != _windowNanoseconds)
        {
            _window = WireText.Window(new MeasurementWindow(0, windowNanoseconds));
            _windowNanoseconds = windowNanoseconds;
            _windowVerbatim = IsVerbatim(_window.Utf8);
        }

        return _windowVerbatim;
    }

    /// <summary>The cached JSON of the pod's labels (empty when there are none); the previous pod's are reused when shared.</summary>
    private ReadOnlySpan<byte> LabelsJson(IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null || labels.Count == 0)
        {
            return [];
        }

        var set = labels as LabelSet ?? LabelSet.From(labels);
        if (!ReferenceEquals(set, _labels))
        {
            _labelsJson = JsonLabelCache.Get(set);
            _labels = set;
        }

        return _labelsJson;
    }

    private static bool IsVerbatim(ReadOnlySpan<byte> utf8)
    {
        foreach (var b in utf8)
        {
            if (b >= VerbatimAscii.Length || !VerbatimAscii[b])
            {
                return false;
            }
        }

        return true;
    }

    private static void Put(Span<byte> span, ref int w, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(span[w..]);
        w += bytes.Length;
    }

    /// <summary>Copies printable ASCII that needs no escaping, one byte per char; false at the first other char.</summary>
    private static bool TryPutVerbatim(Span<byte> span, ref int w, string text)
    {
        // A plain loop: names are short, and a vectorised scan costs more to set up than it saves on them.
        var destination = span.Slice(w, text.Length);
        var table = VerbatimAscii;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= table.Length || !table[c])
            {
                return false;
            }

            destination[i] = (byte)c;
        }

        w += text.Length;
        return true;
    }

    /// <summary>Which ASCII chars the configured encoder leaves as is (printable ones only: controls are always escaped).</summary>
    private static bool[] VerbatimTable()
    {
        var encoder = JsonDocumentWriter.Options.Encoder!;
        var table = new bool[128];
        for (var c = 0x20; c < 0x7F; c++)
        {
            table[c] = !encoder.WillEncode(c);
        }

        return table;
    }
}
