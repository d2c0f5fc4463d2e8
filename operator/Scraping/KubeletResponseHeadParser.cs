using System.Buffers.Text;
using System.Text;

namespace MetricsOperator.Scraping;

/// <summary>
/// Parses an HTTP/1.x response head (status line and header lines, up to and including the empty line) from the
/// bytes as received, without allocating unless the status is not 200. Anything it cannot act on safely (an unknown
/// transfer or content encoding, conflicting lengths, a line that is no header) is refused with the reason, since
/// guessing would misread the body.
/// </summary>
internal static class KubeletResponseHeadParser
{
    private const int ShownLineLength = 64;

    /// <summary>Where the head ends: the index just past its empty line, or -1 while it is incomplete.</summary>
    public static int FindEnd(ReadOnlySpan<byte> received)
    {
        var end = received.IndexOf("\r\n\r\n"u8);
        return end < 0 ? -1 : end + 4;
    }

    /// <param name="head">The head including its final empty line, as <see cref="FindEnd"/> delimits it.</param>
    /// <param name="error">Why the head cannot be used, naming the offending part.</param>
    public static bool TryParse(ReadOnlySpan<byte> head, out KubeletResponseHead result, out string? error)
    {
        result = default;
        var lineEnd = head.IndexOf("\r\n"u8);
        if (lineEnd < 0)
        {
            error = "the response head has no line end";
            return false;
        }

        if (!TryParseStatusLine(head[..lineEnd], out var minorVersion, out var status, out var reason))
        {
            error = $"malformed status line \"{Shown(head[..lineEnd])}\"";
            return false;
        }

        var headers = new HeaderValues { ContentLength = -1 };
        var rest = head[(lineEnd + 2)..];
        while (true)
        {
            lineEnd = rest.IndexOf("\r\n"u8);
            if (lineEnd <= 0)
            {
                // The empty line (or, for a head not delimited by FindEnd, its missing end).
                error = lineEnd == 0 ? null : "the response head does not end with an empty line";
                break;
            }

            if (!TryApplyHeader(rest[..lineEnd], ref headers, out error))
            {
                return false;
            }

            rest = rest[(lineEnd + 2)..];
        }

        if (error is not null)
        {
            return false;
        }

        // No body for these, whatever the headers say (RFC 9112 6.3).
        var bodiless = status is 204 or 304 || status < 200;
        var framing = bodiless ? KubeletBodyFraming.ContentLength
            : headers.Chunked ? KubeletBodyFraming.Chunked
            : headers.ContentLength >= 0 ? KubeletBodyFraming.ContentLength
            : KubeletBodyFraming.UntilClose;
        var length = bodiless ? 0 : framing == KubeletBodyFraming.ContentLength ? headers.ContentLength : -1;
        var keepAlive = minorVersion >= 1 && !headers.Close && framing != KubeletBodyFraming.UntilClose;
        result = new KubeletResponseHead(status, status == 200 ? null : Encoding.ASCII.GetString(reason), framing, length, headers.Gzip, keepAlive);
        return true;
    }

    // "HTTP/1.1 200 OK"; the reason phrase may be empty, with or without its space.
    private static bool TryParseStatusLine(ReadOnlySpan<byte> line, out int minorVersion, out int status, out ReadOnlySpan<byte> reason)
    {
        minorVersion = 0;
        status = 0;
        reason = default;
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || !char.IsAsciiDigit((char)line[7]) || line[8] != (byte)' ')
        {
            return false;
        }

        minorVersion = line[7] - '0';
        var code = line.Slice(9, 3);
        if (!char.IsAsciiDigit((char)code[0]) || !char.IsAsciiDigit((char)code[1]) || !char.IsAsciiDigit((char)code[2]))
        {
            return false;
        }

        status = ((code[0] - '0') * 100) + ((code[1] - '0') * 10) + (code[2] - '0');
        if (line.Length == 12)
        {
            return status >= 100;
        }

        reason = line[13..].Trim((byte)' ');
        return line[12] == (byte)' ' && status >= 100;
    }

    private static bool TryApplyHeader(ReadOnlySpan<byte> line, ref HeaderValues headers, out string? error)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || line[0] is (byte)' ' or (byte)'\t' || line[colon - 1] is (byte)' ' or (byte)'\t')
        {
            // Also refuses obsolete line folding: a continuation line starts with whitespace.
            error = $"malformed header line \"{Shown(line)}\"";
            return false;
        }

        var name = line[..colon];
        var value = line[(colon + 1)..].Trim(" \t"u8);
        error = null;
        if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
        {
            if (!Utf8Parser.TryParse(value, out long length, out var consumed) || consumed != value.Length || length < 0
                || (headers.ContentLength >= 0 && headers.ContentLength != length))
            {
                error = $"invalid Content-Length \"{Shown(value)}\"";
                return false;
            }

            headers.ContentLength = length;
        }
        else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
        {
            if (!Ascii.EqualsIgnoreCase(value, "chunked"u8))
            {
                error = $"unsupported Transfer-Encoding \"{Shown(value)}\"";
                return false;
            }

            headers.Chunked = true;
        }
        else if (Ascii.EqualsIgnoreCase(name, "Content-Encoding"u8))
        {
            headers.Gzip = Ascii.EqualsIgnoreCase(value, "gzip"u8);
            if (!headers.Gzip && !value.IsEmpty && !Ascii.EqualsIgnoreCase(value, "identity"u8))
            {
                error = $"unsupported Content-Encoding \"{Shown(value)}\"";
                return false;
            }
        }
        else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
        {
            headers.Close |= HasToken(value, "close"u8);
        }

        return true;
    }

    // Connection is a comma-separated token list ("close", "keep-alive, Upgrade").
    private static bool HasToken(ReadOnlySpan<byte> list, ReadOnlySpan<byte> token)
    {
        foreach (var range in list.Split((byte)','))
        {
            if (Ascii.EqualsIgnoreCase(list[range].Trim(" \t"u8), token))
            {
                return true;
            }
        }

        return false;
    }

    // A failure reason quotes at most a short, printable prefix of what the kubelet sent.
    private static string Shown(ReadOnlySpan<byte> bytes)
    {
        var shown = bytes.Length > ShownLineLength ? bytes[..ShownLineLength] : bytes;
        var text = new StringBuilder(shown.Length + 3);
        foreach (var b in shown)
        {
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
        }

        return bytes.Length > ShownLineLength ? text.Append("...").ToString() : text.ToString();
    }

    private struct HeaderValues
    {
        public long ContentLength;
        public bool Chunked;
        public bool Gzip;
        public bool Close;
    }
}
