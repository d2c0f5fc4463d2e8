using System.Buffers;
using System.Runtime.InteropServices;

namespace MetricsOperator.Scraping;

/// <summary>
/// One sample line of the text format 0.0.4 after its metric name: an optional label set, a value and an optional
/// timestamp, separated by blanks. Only the <c>namespace</c>, <c>pod</c> and <c>container</c> labels are kept;
/// the others are checked for syntax and skipped. Label order is free, a trailing comma is allowed.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal ref struct PrometheusSampleLine
{
    private static readonly SearchValues<byte> LabelNameBytes =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"u8);

    public PrometheusLabelValue Namespace;
    public PrometheusLabelValue Pod;
    public PrometheusLabelValue Container;
    public double Value;
    public bool HasTimestamp;
    public long TimestampMilliseconds;

    /// <summary>Where the problem starts when parsing failed (for the error message).</summary>
    public ReadOnlySpan<byte> ErrorToken;

    /// <summary>Where the label set ends in the text after the name (0 when there is none); valid after a successful parse.</summary>
    public int LabelSetLength;

    public static PrometheusSampleSyntax Parse(ReadOnlySpan<byte> afterName, out PrometheusSampleLine sample)
    {
        sample = default;
        var i = 0;
        if (!afterName.IsEmpty && afterName[0] == (byte)'{')
        {
            var labels = ParseLabels(afterName, ref i, ref sample);
            if (labels != PrometheusSampleSyntax.Valid)
            {
                return labels;
            }

            sample.LabelSetLength = i;
        }

        return ParseValueAndTimestamp(afterName, i, ref sample);
    }

    /// <summary>
    /// Parses what follows a label set already known to end at <paramref name="labelSetLength"/>, as <see cref="Parse"/>
    /// would: bytes identical to a label set parsed before parse to the same labels, so only the rest needs reading.
    /// </summary>
    public static PrometheusSampleSyntax ParseAfterLabelSet(ReadOnlySpan<byte> afterName, int labelSetLength, out PrometheusSampleLine sample)
    {
        sample = default;
        sample.LabelSetLength = labelSetLength;
        return ParseValueAndTimestamp(afterName, labelSetLength, ref sample);
    }

    private static PrometheusSampleSyntax ParseValueAndTimestamp(ReadOnlySpan<byte> s, int i, ref PrometheusSampleLine sample)
    {
        if (i > 0 && i < s.Length && !IsBlank(s[i]))
        {
            sample.ErrorToken = s[i..];
            return PrometheusSampleSyntax.ExpectedBlankBeforeValue;
        }

        i = SkipBlanks(s, i);
        if (i == s.Length)
        {
            return PrometheusSampleSyntax.MissingValue;
        }

        if (!PrometheusNumberReader.TryReadValue(s[i..], out sample.Value, out var valueLength))
        {
            sample.ErrorToken = s.Slice(i, valueLength);
            return PrometheusSampleSyntax.InvalidValue;
        }

        i += valueLength;

        i = SkipBlanks(s, i);
        if (i == s.Length)
        {
            return PrometheusSampleSyntax.Valid;
        }

        var timestamp = PrometheusNumberReader.TryReadTimestamp(s[i..], out sample.TimestampMilliseconds, out var timestampLength);
        if (timestamp != TimestampStatus.Valid)
        {
            sample.ErrorToken = s.Slice(i, timestampLength);
            return timestamp == TimestampStatus.OutOfRange
                ? PrometheusSampleSyntax.TimestampOutOfRange
                : PrometheusSampleSyntax.InvalidTimestamp;
        }

        sample.HasTimestamp = true;
        i = SkipBlanks(s, i + timestampLength);
        if (i != s.Length)
        {
            sample.ErrorToken = s[i..];
            return PrometheusSampleSyntax.TrailingText;
        }

        return PrometheusSampleSyntax.Valid;
    }

    private static PrometheusSampleSyntax ParseLabels(ReadOnlySpan<byte> s, scoped ref int i, ref PrometheusSampleLine sample)
    {
        i++;
        while (true)
        {
            i = SkipBlanks(s, i);
            if (i == s.Length)
            {
                return PrometheusSampleSyntax.UnterminatedLabelSet;
            }

            if (s[i] == (byte)'}')
            {
                i++;
                return PrometheusSampleSyntax.Valid;
            }

            var known = KnownLabelAt(s[i..]);
            if (known != KnownLabel.None)
            {
                i += KnownLabelPrefix(known).Length - 1;
            }
            else
            {
                var nameStart = i;
                var syntax = SkipLabelNameAndEquals(s, ref i, ref sample);
                if (syntax != PrometheusSampleSyntax.Valid)
                {
                    return syntax;
                }

                known = Classify(s[nameStart..i]);
                if (i == s.Length || s[i] != (byte)'"')
                {
                    sample.ErrorToken = s[i..];
                    return PrometheusSampleSyntax.ExpectedLabelValue;
                }
            }

            var valueStart = i;
            if (!TryReadQuoted(s, ref i, out var raw, out var hasEscapes))
            {
                sample.ErrorToken = s[valueStart..];
                return PrometheusSampleSyntax.UnterminatedLabelValue;
            }

            if (!TryKeep(known, raw, hasEscapes, ref sample))
            {
                sample.ErrorToken = KnownLabelPrefix(known)[..^2];
                return PrometheusSampleSyntax.RepeatedLabel;
            }

            i = SkipBlanks(s, i);
            if (i < s.Length && s[i] == (byte)',')
            {
                i++;
            }
            else if (i == s.Length)
            {
                return PrometheusSampleSyntax.UnterminatedLabelSet;
            }
            else if (s[i] != (byte)'}')
            {
                sample.ErrorToken = s[i..];
                return PrometheusSampleSyntax.ExpectedCommaOrBrace;
            }
        }
    }

    /// <summary>Reads a quoted string starting at <paramref name="i"/>; a backslash always takes the next byte with it.</summary>
    private static bool TryReadQuoted(ReadOnlySpan<byte> s, scoped ref int i, out ReadOnlySpan<byte> content, out bool hasEscapes)
    {
        var start = i + 1;
        var j = start;
        hasEscapes = false;
        while (j < s.Length)
        {
            var found = s[j..].IndexOfAny((byte)'"', (byte)'\\');
            if (found < 0)
            {
                break;
            }

            j += found;
            if (s[j] == (byte)'"')
            {
                content = s[start..j];
                i = j + 1;
                return true;
            }

            hasEscapes = true;
            j += 2;
        }

        content = default;
        return false;
    }

    /// <summary>
    /// Reads a label name (plain or quoted), the <c>=</c> and the blanks around it, leaving <paramref name="i"/> where
    /// the value's opening quote should be.
    /// </summary>
    private static PrometheusSampleSyntax SkipLabelNameAndEquals(ReadOnlySpan<byte> s, scoped ref int i, ref PrometheusSampleLine sample)
    {
        var nameStart = i;
        if (s[i] == (byte)'"')
        {
            // Quoted (UTF-8) label names exist since Prometheus 3; none of ours is quoted, but they must not break the line.
            if (!TryReadQuoted(s, ref i, out _, out _))
            {
                sample.ErrorToken = s[nameStart..];
                return PrometheusSampleSyntax.UnterminatedLabelValue;
            }
        }
        else
        {
            if (!IsLabelNameStart(s[i]))
            {
                sample.ErrorToken = s[i..];
                return PrometheusSampleSyntax.ExpectedLabelName;
            }

            var nameLength = s[i..].IndexOfAnyExcept(LabelNameBytes);
            i = nameLength < 0 ? s.Length : i + nameLength;
        }

        i = SkipBlanks(s, i);
        if (i == s.Length || s[i] != (byte)'=')
        {
            sample.ErrorToken = s[i..];
            return PrometheusSampleSyntax.ExpectedEquals;
        }

        i = SkipBlanks(s, i + 1);
        return PrometheusSampleSyntax.Valid;
    }

    /// <summary>The kubelet writes <c>name="</c> with nothing between; matching that whole prefix is the fast path.</summary>
    private static KnownLabel KnownLabelAt(ReadOnlySpan<byte> s) => s.IsEmpty ? KnownLabel.None : s[0] switch
    {
        (byte)'c' when s.StartsWith("container=\""u8) => KnownLabel.Container,
        (byte)'p' when s.StartsWith("pod=\""u8) => KnownLabel.Pod,
        (byte)'n' when s.StartsWith("namespace=\""u8) => KnownLabel.Namespace,
        _ => KnownLabel.None,
    };

    /// <summary>Which of our labels a name read by <see cref="SkipLabelNameAndEquals"/> is (quoted names never are).</summary>
    private static KnownLabel Classify(ReadOnlySpan<byte> nameAndEquals)
    {
        var name = nameAndEquals[..nameAndEquals.IndexOfAny((byte)'=', (byte)' ', (byte)'\t')];
        return name.SequenceEqual("container"u8) ? KnownLabel.Container
            : name.SequenceEqual("pod"u8) ? KnownLabel.Pod
            : name.SequenceEqual("namespace"u8) ? KnownLabel.Namespace
            : KnownLabel.None;
    }

    private static ReadOnlySpan<byte> KnownLabelPrefix(KnownLabel label) => label switch
    {
        KnownLabel.Container => "container=\""u8,
        KnownLabel.Pod => "pod=\""u8,
        _ => "namespace=\""u8,
    };

    private static bool TryKeep(KnownLabel label, ReadOnlySpan<byte> raw, bool hasEscapes, ref PrometheusSampleLine sample)
    {
        switch (label)
        {
            case KnownLabel.Container when !sample.Container.IsPresent:
                sample.Container = new PrometheusLabelValue(raw, hasEscapes);
                return true;
            case KnownLabel.Pod when !sample.Pod.IsPresent:
                sample.Pod = new PrometheusLabelValue(raw, hasEscapes);
                return true;
            case KnownLabel.Namespace when !sample.Namespace.IsPresent:
                sample.Namespace = new PrometheusLabelValue(raw, hasEscapes);
                return true;
            default:
                return label == KnownLabel.None;
        }
    }

    private static int SkipBlanks(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && IsBlank(s[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsBlank(byte b) => b is (byte)' ' or (byte)'\t';

    private static bool IsLabelNameStart(byte b) => b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (byte)'_';

    private enum KnownLabel : byte
    {
        None,
        Container,
        Pod,
        Namespace,
    }
}
