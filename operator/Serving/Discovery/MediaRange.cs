using Microsoft.Extensions.Primitives;

namespace MetricsOperator.Serving.Discovery;

/// <summary>
/// One media range of an Accept header. Parsed leniently, as Go's goautoneg (which the API server and kube-openapi
/// use) does: the OpenAPI protobuf types have an <c>@</c> in their subtype
/// (<c>com.github.proto-openapi.spec.v2@v1.0+protobuf</c>), which RFC 9110 does not allow in a token and which
/// ASP.NET's strict parser therefore skips, yet kubectl sends exactly that.
/// </summary>
internal sealed record MediaRange(string Type, string SubType, double Quality, IReadOnlyList<KeyValuePair<string, string>> Parameters)
{
    public bool MatchesAllTypes => Type == "*";

    public bool MatchesAllSubTypes => SubType == "*";

    /// <summary>The acceptable ranges (quality above 0), best first: by quality, then the more specific, then as listed.</summary>
    public static IReadOnlyList<MediaRange> ParseByPreference(StringValues accept)
    {
        var ranges = new List<MediaRange>();
        foreach (var line in accept)
        {
            foreach (var item in (line ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (TryParse(item) is { Quality: > 0 } range)
                {
                    ranges.Add(range);
                }
            }
        }

        // OrderBy is stable, so ranges of equal quality and specificity keep the client's order.
        return [.. ranges.OrderByDescending(range => range.Quality).ThenByDescending(range => range.Specificity)];
    }

    /// <summary>Whether the range admits <c>type/subtype</c> (case-insensitive, wildcards honoured).</summary>
    public bool Admits(string type, string subType) =>
        MatchesAllTypes
        || (Type.Equals(type, StringComparison.OrdinalIgnoreCase) && (MatchesAllSubTypes || SubType.Equals(subType, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The value of a parameter other than <c>q</c>, without quotes; null when absent.</summary>
    public string? Parameter(string name)
    {
        foreach (var (key, value) in Parameters)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    private int Specificity => MatchesAllTypes ? 0 : MatchesAllSubTypes ? 1 : 2;

    /// <summary>Null for a range without <c>type/subtype</c>; an unreadable quality counts as 0 (not acceptable), as in goautoneg.</summary>
    private static MediaRange? TryParse(string item)
    {
        var parts = item.Split(';', StringSplitOptions.TrimEntries);
        var slash = parts[0].IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == parts[0].Length - 1)
        {
            return null;
        }

        var quality = 1.0;
        var parameters = new List<KeyValuePair<string, string>>();
        foreach (var parameter in parts.AsSpan(1))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var name = parameter[..equals].Trim();
            var value = parameter[(equals + 1)..].Trim().Trim('"');
            if (name.Equals("q", StringComparison.OrdinalIgnoreCase))
            {
                quality = double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var q) ? q : 0;
            }
            else
            {
                parameters.Add(new(name, value));
            }
        }

        return new MediaRange(parts[0][..slash].Trim(), parts[0][(slash + 1)..].Trim(), quality, parameters);
    }
}
