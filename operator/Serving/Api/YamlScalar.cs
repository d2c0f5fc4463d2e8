using System.Buffers;
using System.Text;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// Writes one YAML scalar: plain when the text cannot be read back as anything but that string (under YAML 1.1 and
/// 1.2 resolution alike), double-quoted with escapes otherwise. The plain forms are deliberately narrow: names and
/// label text made of letters, digits and <c>.-_/</c>, and quantities or durations such as <c>250m</c>, <c>1m0s</c>.
/// </summary>
internal static class YamlScalar
{
    private const char MicroSign = '\u00B5';

    /// <summary>YAML 1.1 reads these (in any case) as booleans or null.</summary>
    private static readonly string[] ReservedWords = ["y", "n", "yes", "no", "true", "false", "on", "off", "null"];

    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        if (IsPlainSafe(text))
        {
            WriteUtf8(output, text);
        }
        else
        {
            WriteDoubleQuoted(output, text);
        }
    }

    /// <summary>Writes a short UTF-8 value (a quantity, duration or timestamp).</summary>
    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> utf8)
    {
        Span<char> chars = stackalloc char[WireBytes.Capacity * 2];
        if (utf8.Length > WireBytes.Capacity * 2)
        {
            Write(output, Encoding.UTF8.GetString(utf8));
            return;
        }

        var length = Encoding.UTF8.GetChars(utf8, chars);
        Write(output, chars[..length]);
    }

    public static bool IsPlainSafe(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        if (char.IsAsciiLetter(text[0]))
        {
            return IsNameLike(text) && !IsReservedWord(text);
        }

        return char.IsAsciiDigit(text[0]) && IsNumberWithUnit(text);
    }

    private static bool IsNameLike(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '_' or '/'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsReservedWord(ReadOnlySpan<char> text)
    {
        foreach (var word in ReservedWords)
        {
            if (text.Equals(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Digits, an optional fraction, then a unit letter that no YAML number syntax uses (not e, x, o, b).</summary>
    private static bool IsNumberWithUnit(ReadOnlySpan<char> text)
    {
        var i = SkipDigits(text, 0);
        if (i < text.Length && text[i] == '.')
        {
            var afterDot = SkipDigits(text, i + 1);
            if (afterDot == i + 1)
            {
                return false;
            }

            i = afterDot;
        }

        if (i == text.Length || !IsUnitStart(text[i]))
        {
            return false;
        }

        foreach (var c in text[i..])
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or MicroSign))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsUnitStart(char c) => c is 'n' or 'u' or 'm' or 'k' or 'K' or 'M' or 'G' or 'T' or 'P' or 'h' or 's' or MicroSign;

    private static int SkipDigits(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i;
    }

    private static void WriteDoubleQuoted(IBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        WriteByte(output, (byte)'"');
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            var escape = EscapeOf(c);
            if (escape is null)
            {
                continue;
            }

            WriteUtf8(output, text[start..i]);
            WriteUtf8(output, escape);
            start = i + 1;
        }

        WriteUtf8(output, text[start..]);
        WriteByte(output, (byte)'"');
    }

    /// <summary>The escape for characters YAML does not allow raw inside double quotes (or that end them); null when none.</summary>
    private static string? EscapeOf(char c) => c switch
    {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\n' => "\\n",
        '\t' => "\\t",
        '\r' => "\\r",
        _ when char.IsSurrogate(c) => "\\uFFFD", // a lone surrogate cannot be written; say so visibly
        _ when c < ' ' || c is (>= '\u007F' and <= '\u009F') or '\u2028' or '\u2029' or '\uFEFF' or '\uFFFE' or '\uFFFF'
            => $"\\u{(int)c:X4}",
        _ => null,
    };

    private static void WriteUtf8(IBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private static void WriteByte(IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }
}
