using System.Text;
using System.Text.Unicode;

namespace MetricsOperator.Scraping;

/// <summary>
/// Decodes a kubelet <c>/metrics/resource</c> response (Prometheus text 0.0.4) into a <see cref="DecodedPayload"/>
/// with the semantics of metrics-server's <c>decodeBatch</c>, straight from UTF-8 bytes and without allocating once
/// its scratch state has grown to the payload size. One instance per worker: it is reusable but not thread-safe.
/// </summary>
/// <remarks>
/// <para>Rejected (returns false, with the 1-based line): in a line of a family we use, a label set or label value
/// that is not terminated, a label without <c>=</c> or quoted value, a repeated namespace/pod/container label, a
/// missing or non-numeric value, a timestamp that is not a run of digits (e.g. negative) or does not fit
/// nanoseconds, text after the timestamp.</para>
/// <para>Skipped: blank lines, comments, lines of every other family (not validated), and container series without
/// a non-empty namespace, pod and container label or with one that is not UTF-8 (recorded as a dropped series).</para>
/// <para>Unusable, so the node or the whole pod is not served this round (recorded as dropped): NaN or infinite or
/// negative cpu/memory, missing or zero cpu/memory (after truncation). A NaN, infinite or negative swap sample, or a
/// start time that is not finite, is left out of an otherwise served point (recorded as a dropped series).</para>
/// <para>Output order is stable: pods by namespace then name, a pod's containers by name (ordinal bytes).</para>
/// </remarks>
internal sealed class KubeletPayloadDecoder
{
    private const long NanosecondsPerMillisecond = 1_000_000;

    private readonly ContainerPointTable _containers = new();
    private readonly PodAssembler _pods = new();
    private byte[] _keyScratch = new byte[512];
    private SampledPoint _node;
    private int _nodeFirstLine;

    /// <summary>
    /// Decodes <paramref name="payload"/> into <paramref name="into"/> (reset first). Samples without a timestamp get
    /// <paramref name="defaultTimestampUnixNano"/>. On failure <paramref name="into"/> is left empty.
    /// </summary>
    public bool TryDecode(ReadOnlySpan<byte> payload, long defaultTimestampUnixNano, DecodedPayload into, out PayloadDecodeError error)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.Reset();
        _containers.Clear();
        _node = default;
        _nodeFirstLine = 0;

        var position = 0;
        var lineNumber = 0;
        while (position < payload.Length)
        {
            lineNumber++;
            var lineStart = position;
            var end = payload[lineStart..].IndexOf((byte)'\n');
            var line = end < 0 ? payload[lineStart..] : payload.Slice(lineStart, end);
            position = end < 0 ? payload.Length : lineStart + end + 1;

            var syntax = DecodeLine(payload, line, lineStart, lineNumber, defaultTimestampUnixNano, into, out var errorToken);
            if (syntax != PrometheusSampleSyntax.Valid)
            {
                into.Reset();
                _containers.Clear();
                error = new PayloadDecodeError(lineNumber, PrometheusSampleSyntaxMessages.Describe(syntax, errorToken));
                return false;
            }
        }

        FinishNode(into);
        _pods.Assemble(_containers, into);
        error = default;
        return true;
    }

    /// <param name="payload">The whole payload, where container label sets seen before are compared.</param>
    /// <param name="line">The line without its newline.</param>
    /// <param name="lineStart">Where <paramref name="line"/> starts in <paramref name="payload"/>.</param>
    private PrometheusSampleSyntax DecodeLine(
        ReadOnlySpan<byte> payload, ReadOnlySpan<byte> line, int lineStart, int lineNumber, long defaultTimestampUnixNano, DecodedPayload into,
        out ReadOnlySpan<byte> errorToken)
    {
        errorToken = default;
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        if (!line.IsEmpty && line[0] is (byte)' ' or (byte)'\t')
        {
            var first = line.IndexOfAnyExcept((byte)' ', (byte)'\t');
            lineStart += first < 0 ? line.Length : first;
            line = first < 0 ? default : line[first..];
        }

        var kind = KubeletSeriesNames.Match(line, out var nameLength);
        if (kind == KubeletSeriesKind.Other)
        {
            return PrometheusSampleSyntax.Valid;
        }

        var afterName = line[nameLength..];
        var known = KubeletSeriesNames.IsContainerSeries(kind) ? _containers.MatchPredictedLabelSet(afterName, payload) : -1;
        var syntax = known >= 0
            ? PrometheusSampleLine.ParseAfterLabelSet(afterName, _containers[known].LabelSetLength, out var sample)
            : PrometheusSampleLine.Parse(afterName, out sample);
        if (syntax != PrometheusSampleSyntax.Valid)
        {
            errorToken = sample.ErrorToken;
            return syntax;
        }

        var timestamp = sample.HasTimestamp ? sample.TimestampMilliseconds * NanosecondsPerMillisecond : defaultTimestampUnixNano;
        if (known >= 0)
        {
            ApplyToContainer(ref _containers[known], kind, sample.Value, lineNumber, timestamp);
        }
        else if (KubeletSeriesNames.IsContainerSeries(kind))
        {
            var origin = new ContainerOrigin(lineNumber, lineStart + nameLength, sample.LabelSetLength);
            ApplyContainerSample(kind, sample, origin, timestamp, into);
        }
        else
        {
            ApplyNodeSample(kind, sample.Value, lineNumber, timestamp);
        }

        return PrometheusSampleSyntax.Valid;
    }

    private static void ApplyToContainer(ref ContainerPoint entry, KubeletSeriesKind kind, double value, int lineNumber, long timestamp)
    {
        switch (kind)
        {
            case KubeletSeriesKind.ContainerCpu:
                entry.Point.SetCpu(value, lineNumber, timestamp);
                break;
            case KubeletSeriesKind.ContainerMemory:
                entry.Point.SetMemory(value, lineNumber, timestamp);
                break;
            case KubeletSeriesKind.ContainerSwap:
                entry.Point.SetSwap(value, lineNumber);
                break;
            default:
                entry.StartTimeSeconds = value;
                entry.StartTimeLine = lineNumber;
                break;
        }
    }

    private void ApplyNodeSample(KubeletSeriesKind kind, double value, int lineNumber, long timestamp)
    {
        _nodeFirstLine = _nodeFirstLine == 0 ? lineNumber : _nodeFirstLine;
        switch (kind)
        {
            case KubeletSeriesKind.NodeCpu:
                _node.SetCpu(value, lineNumber, timestamp);
                break;
            case KubeletSeriesKind.NodeMemory:
                _node.SetMemory(value, lineNumber, timestamp);
                break;
            default:
                _node.SetSwap(value, lineNumber);
                break;
        }
    }

    private void ApplyContainerSample(KubeletSeriesKind kind, in PrometheusSampleLine sample, in ContainerOrigin origin, long timestamp, DecodedPayload into)
    {
        var lineNumber = origin.Line;
        if (sample.Namespace.IsMissing || sample.Pod.IsMissing || sample.Container.IsMissing)
        {
            DropSeries(sample, DropReason.MissingLabels, lineNumber, into);
            return;
        }

        var scratch = Scratch(sample.Namespace.Raw.Length + sample.Pod.Raw.Length + sample.Container.Raw.Length);
        var podNamespace = sample.Namespace.Unescape(scratch);
        var pod = sample.Pod.Unescape(scratch[sample.Namespace.Raw.Length..]);
        var container = sample.Container.Unescape(scratch[(sample.Namespace.Raw.Length + sample.Pod.Raw.Length)..]);

        var index = _containers.IndexOf(podNamespace, pod, container, into, out var hash);
        if (index < 0)
        {
            // Label values are nearly always ASCII, which is far cheaper to confirm than UTF-8 (and unescaping keeps ASCII).
            if (!IsAscii(sample) && (!Utf8.IsValid(podNamespace) || !Utf8.IsValid(pod) || !Utf8.IsValid(container)))
            {
                DropSeries(sample, DropReason.InvalidLabelValue, lineNumber, into);
                return;
            }

            index = _containers.Add(podNamespace, pod, container, hash, into, origin);
        }

        ApplyToContainer(ref _containers[index], kind, sample.Value, lineNumber, timestamp);
    }

    private static bool IsAscii(in PrometheusSampleLine sample) =>
        Ascii.IsValid(sample.Namespace.Raw) && Ascii.IsValid(sample.Pod.Raw) && Ascii.IsValid(sample.Container.Raw);

    private void FinishNode(DecodedPayload into)
    {
        if (_nodeFirstLine == 0)
        {
            return;
        }

        if (!_node.IsUsable(_nodeFirstLine, out var cpu, out var memory, out var reason, out var line))
        {
            into.AddDropped(new DroppedEntry { Kind = DroppedKind.Node, Reason = reason, Line = line });
            return;
        }

        var node = new NodeSample { TimestampUnixNano = _node.TimestampUnixNano, CpuNanoCoreSeconds = cpu, MemoryWorkingSetBytes = memory };
        if (_node.TryGetSwap(out var swap, out var swapReason))
        {
            node.HasSwap = true;
            node.SwapUsageBytes = swap;
        }
        else if (_node.SwapLine != 0)
        {
            into.AddDropped(new DroppedEntry { Kind = DroppedKind.Series, Reason = swapReason, Line = _node.SwapLine });
        }

        into.SetNode(node);
    }

    /// <summary>Records a skipped container series with whatever key labels it had that are valid UTF-8.</summary>
    private static void DropSeries(in PrometheusSampleLine sample, DropReason reason, int lineNumber, DecodedPayload into) =>
        into.AddDropped(new DroppedEntry
        {
            Kind = DroppedKind.Series,
            Reason = reason,
            Namespace = CopyLabel(sample.Namespace, into),
            Pod = CopyLabel(sample.Pod, into),
            Container = CopyLabel(sample.Container, into),
            Line = lineNumber,
        });

    private static Utf8Range CopyLabel(PrometheusLabelValue value, DecodedPayload into)
    {
        if (value.IsMissing)
        {
            return default;
        }

        var reserved = into.ReserveLabel(value.Raw.Length, out var range);
        var length = PrometheusLabelValue.UnescapeInto(value.Raw, reserved);
        if (!Utf8.IsValid(reserved[..length]))
        {
            into.TrimLastLabel(range, 0);
            return default;
        }

        into.TrimLastLabel(range, length);
        return range with { Length = length };
    }

    private Span<byte> Scratch(int length)
    {
        if (_keyScratch.Length < length)
        {
            _keyScratch = new byte[Math.Max(length, _keyScratch.Length * 2)];
        }

        return _keyScratch;
    }
}
