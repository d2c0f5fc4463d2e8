using System.Globalization;
using System.Text;

namespace MetricsOperator.Serving.Authorization;

/// <summary>
/// Quotes a string as Go's <c>%q</c> (strconv.Quote) does, so messages match the API server's byte for byte:
/// double quotes, backslash escapes for quotes, backslashes and control characters, printable Unicode kept as is.
/// </summary>
internal static class GoQuotedString
{
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            AppendEscaped(quoted, rune);
        }

        return quoted.Append('"').ToString();
    }

    private static void AppendEscaped(StringBuilder quoted, Rune rune)
    {
        switch (rune.Value)
        {
            case '"':
                quoted.Append("\\\"");
                return;
            case '\\':
                quoted.Append("\\\\");
                return;
            case '\a':
                quoted.Append("\\a");
                return;
            case '\b':
                quoted.Append("\\b");
                return;
            case '\f':
                quoted.Append("\\f");
                return;
            case '\n':
                quoted.Append("\\n");
                return;
            case '\r':
                quoted.Append("\\r");
                return;
            case '\t':
                quoted.Append("\\t");
                return;
            case '\v':
                quoted.Append("\\v");
                return;
        }

        if (IsPrintable(rune))
        {
            quoted.Append(rune.ToString());
        }
        else if (rune.Value < 0x80)
        {
            quoted.Append("\\x").Append(rune.Value.ToString("x2", CultureInfo.InvariantCulture));
        }
        else if (rune.Value < 0x10000)
        {
            quoted.Append("\\u").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture));
        }
        else
        {
            quoted.Append("\\U").Append(rune.Value.ToString("x8", CultureInfo.InvariantCulture));
        }
    }

    // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static bool IsPrintable(Rune rune) =>
        rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator => false,
            _ => true,
        };
}
