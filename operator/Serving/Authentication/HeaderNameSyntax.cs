namespace MetricsOperator.Serving.Authentication;

/// <summary>Checks configured header names (and extra-header prefixes) against the HTTP token syntax.</summary>
internal static class HeaderNameSyntax
{
    private const string TokenSymbols = "!#$%&'*+-.^_`|~";

    /// <summary>Null when <paramref name="name"/> is a usable header name; otherwise what is wrong with it.</summary>
    public static string? Problem(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a header name is empty";
        }

        foreach (var character in name)
        {
            if (!char.IsAsciiLetterOrDigit(character) && !TokenSymbols.Contains(character, StringComparison.Ordinal))
            {
                return $"header name \"{name}\" contains '{character}', which HTTP does not allow in a header name";
            }
        }

        return null;
    }
}
