namespace MetricsOperator.Serving.Authorization;

/// <summary>
/// Non-resource paths anyone may request, as the API server's path authorizer matches them: an exact path, or a
/// prefix when the pattern ends in <c>*</c> (<c>/livez/*</c> covers <c>/livez/ping</c> but not <c>/livez</c>).
/// The leading slash is optional in patterns.
/// </summary>
internal sealed class AlwaysAllowedPaths
{
    private readonly HashSet<string> _exact = new(StringComparer.Ordinal);
    private readonly List<string> _prefixes = [];

    public AlwaysAllowedPaths(IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        foreach (var pattern in patterns)
        {
            if (Problem(pattern) is { } problem)
            {
                throw new ArgumentException(problem, nameof(patterns));
            }

            var path = pattern.TrimStart('/');
            if (path.EndsWith('*'))
            {
                _prefixes.Add(path[..^1]);
            }
            else
            {
                _exact.Add(path);
            }
        }
    }

    /// <summary>Null when <paramref name="pattern"/> is usable; otherwise what is wrong with it.</summary>
    public static string? Problem(string? pattern)
    {
        if (pattern is null)
        {
            return "an always-allowed path is null";
        }

        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        return star >= 0 && star != pattern.Length - 1 ? $"only a trailing * is allowed in always-allowed path \"{pattern}\"" : null;
    }

    public bool Matches(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var relative = path.AsSpan().TrimStart('/');
        var lookup = _exact.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.Contains(relative))
        {
            return true;
        }

        foreach (var prefix in _prefixes)
        {
            if (relative.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
