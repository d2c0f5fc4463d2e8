using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace MetricsOperator.Kubernetes.Selectors;

/// <summary>Term splitting and value escaping of the Kubernetes field selector syntax.</summary>
internal static class FieldSelectorSyntax
{
    private static readonly string[] Operators = ["!=", "==", "="];

    /// <summary>Splits on commas that are not escaped with a backslash.</summary>
    public static IEnumerable<string> SplitTerms(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == ',')
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    /// <summary>Splits at the first unescaped operator, trying <c>!=</c>, then <c>==</c>, then <c>=</c> at each position.</summary>
    public static bool TrySplitTerm(string term, out string field, out bool negated, out string rawValue)
    {
        for (var i = 0; i < term.Length; i++)
        {
            if (term[i] == '\\')
            {
                i++;
                continue;
            }

            foreach (var op in Operators)
            {
                if (term.AsSpan(i).StartsWith(op, StringComparison.Ordinal))
                {
                    field = term[..i];
                    negated = op == "!=";
                    rawValue = term[(i + op.Length)..];
                    return true;
                }
            }
        }

        field = rawValue = string.Empty;
        negated = false;
        return false;
    }

    public static bool TryUnescape(string raw, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? error)
    {
        if (raw.AsSpan().IndexOfAny('\\', ',', '=') < 0)
        {
            (value, error) = (raw, null);
            return true;
        }

        var text = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c is ',' or '=')
            {
                (value, error) = (null, $"unescaped '{c}' in value \"{raw}\" (write '\\{c}')");
                return false;
            }

            if (c == '\\')
            {
                if (i + 1 == raw.Length || raw[i + 1] is not ('\\' or ',' or '='))
                {
                    var sequence = i + 1 == raw.Length ? "\\" : raw.Substring(i, 2);
                    (value, error) = (null, $"invalid escape sequence '{sequence}' in value \"{raw}\"");
                    return false;
                }

                c = raw[++i];
            }

            text.Append(c);
        }

        (value, error) = (text.ToString(), null);
        return true;
    }

    public static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal)
            .Replace("=", "\\=", StringComparison.Ordinal);
}
