namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// Turns the part of an extra header's name after the prefix into the extra key, as the request-header
/// authenticator does: lower-cased, then %-decoded (so <c>X-Remote-Extra-Acme.com%2Fproject</c> gives
/// <c>acme.com/project</c>). A malformed escape leaves the key undecoded rather than dropping the value.
/// </summary>
internal static class ExtraHeaderKey
{
    public static string Decode(ReadOnlySpan<char> encoded)
    {
        var lower = encoded.ToString().ToLowerInvariant();
        return IsWellFormed(lower) ? Uri.UnescapeDataString(lower) : lower;
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = text.IndexOf('%', StringComparison.Ordinal); i >= 0; i = text.IndexOf('%', i + 3))
        {
            if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
            {
                return false;
            }
        }

        return true;
    }
}
