namespace MetricsOperator.Kubernetes.Selectors;

/// <summary>
/// Kubernetes' rules for label keys (qualified names with an optional DNS-subdomain prefix) and label values.
/// Hand-written character checks rather than regular expressions: selectors are parsed per API request.
/// </summary>
internal static class LabelSyntax
{
    public const int MaxNameLength = 63;
    public const int MaxPrefixLength = 253;

    private const string NameRule =
        "consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    /// <summary>Why <paramref name="key"/> is not a valid label key, or null when it is.</summary>
    public static string? ValidateKey(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = key;
        if (slash >= 0)
        {
            if (key.IndexOf('/', slash + 1) >= 0)
            {
                return $"invalid label key \"{key}\": a qualified name has at most one '/' (optional prefix '/' name)";
            }

            var prefix = key.AsSpan(0, slash);
            if (prefix.IsEmpty)
            {
                return $"invalid label key \"{key}\": prefix part must be non-empty";
            }

            if (DescribeSubdomainProblem(prefix) is { } prefixProblem)
            {
                return $"invalid label key \"{key}\": prefix part {prefixProblem}";
            }

            name = key[(slash + 1)..];
        }

        if (name.Length == 0)
        {
            return $"invalid label key \"{key}\": name part must be non-empty";
        }

        if (name.Length > MaxNameLength)
        {
            return $"invalid label key \"{key}\": name part must be no more than {MaxNameLength} characters";
        }

        return IsName(name) ? null : $"invalid label key \"{key}\": name part must {NameRule}";
    }

    /// <summary>Why <paramref name="value"/> is not a valid value for label <paramref name="key"/>, or null.</summary>
    public static string? ValidateValue(string key, string value)
    {
        if (value.Length > MaxNameLength)
        {
            return $"invalid label value \"{value}\" for key \"{key}\": must be no more than {MaxNameLength} characters";
        }

        return value.Length == 0 || IsName(value)
            ? null
            : $"invalid label value \"{value}\" for key \"{key}\": a label value must be empty or {NameRule}";
    }

    private static bool IsName(ReadOnlySpan<char> text)
    {
        if (!char.IsAsciiLetterOrDigit(text[0]) || !char.IsAsciiLetterOrDigit(text[^1]))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static string? DescribeSubdomainProblem(ReadOnlySpan<char> prefix)
    {
        if (prefix.Length > MaxPrefixLength)
        {
            return $"must be no more than {MaxPrefixLength} characters";
        }

        const string rule = "must be a lowercase DNS subdomain: lowercase alphanumeric characters, '-' or '.', " +
            "with each dot-separated part starting and ending with an alphanumeric character (e.g. 'example.com')";
        foreach (var range in prefix.Split('.'))
        {
            var part = prefix[range];
            if (part.IsEmpty || !IsLowerAlphanumeric(part[0]) || !IsLowerAlphanumeric(part[^1]))
            {
                return rule;
            }

            foreach (var c in part)
            {
                if (!IsLowerAlphanumeric(c) && c != '-')
                {
                    return rule;
                }
            }
        }

        return null;
    }

    private static bool IsLowerAlphanumeric(char c) => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c);
}
