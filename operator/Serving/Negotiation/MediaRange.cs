using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace MetricsOperator.Serving.Negotiation;

/// <summary>
/// One media range of an Accept header, the single parser behind every negotiation the operator does (the metrics
/// API, discovery, OpenAPI). Parsed leniently, as Go's goautoneg (which the API server and kube-openapi use) does:
/// the OpenAPI protobuf types have an <c>@</c> in their subtype (<c>com.github.proto-openapi.spec.v2@v1.0+protobuf</c>),
/// which RFC 9110 does not allow in a token and which ASP.NET's strict parser therefore rejects, yet kubectl sends
/// exactly that.
/// </summary>
internal sealed record MediaRange(string Type, string SubType, double Quality, IReadOnlyList<KeyValuePair<string, string>> Parameters)
{
    public bool MatchesAllTypes => Type == "*";

    public bool MatchesAllSubTypes => SubType == "*";

    /// <summary>2 for <c>type/subtype</c>, 1 for <c>type/*</c>, 0 for <c>*/*</c>: the more specific range is tried first.</summary>
    public int Specificity => MatchesAllTypes ? 0 : MatchesAllSubTypes ? 1 : 2;

    /// <summary>
    /// The acceptable ranges (quality above 0; an unreadable quality counts as 0, as in goautoneg), best first: by
    /// quality, then the more specific, then as listed. Items without <c>type/subtype</c> are skipped, not fatal.
    /// </summary>
    public static IReadOnlyList<MediaRange> ParseByPreference(StringValues accept)
    {
        var ranges = new List<MediaRange>();
        foreach (var line in accept)
        {
            var rest = (line ?? string.Empty).AsSpan();
            while (!rest.IsEmpty)
            {
                var comma = rest.IndexOf(',');
                var item = comma < 0 ? rest : rest[..comma];
                rest = comma < 0 ? default : rest[(comma + 1)..];
                if (Parse(item.Trim()) is { Quality: > 0 } range)
                {
                    InsertByPreference(ranges, range);
                }
            }
        }

        return ranges;
    }

    /// <summary>Parses a single media type (such as a Content-Type); false when it has no <c>type/subtype</c> or lists several.</summary>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MediaRange? range)
    {
        ArgumentNullException.ThrowIfNull(text);
        range = text.Contains(',', StringComparison.Ordinal) ? null : Parse(text.AsSpan().Trim());
        return range is not null;
    }

    /// <summary>Whether the range admits <c>type/subtype</c> (case-insensitive, wildcards honoured).</summary>
    public bool Admits(string type, string subType) =>
        MatchesAllTypes
        || (Type.Equals(type, StringComparison.OrdinalIgnoreCase) && (MatchesAllSubTypes || SubType.Equals(subType, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The value of a parameter other than <c>q</c>, without quotes; null when absent.</summary>
    public string? Parameter(string name)
    {
        for (var i = 0; i < Parameters.Count; i++)
        {
            if (Parameters[i].Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return Parameters[i].Value;
            }
        }

        return null;
    }

    /// <summary>Inserts after every range at least as preferred, so equal ranges keep the client's order (a stable sort).</summary>
    private static void InsertByPreference(List<MediaRange> ranges, MediaRange range)
    {
        var index = ranges.Count;
        while (index > 0
            && (ranges[index - 1].Quality < range.Quality
                || (ranges[index - 1].Quality == range.Quality && ranges[index - 1].Specificity < range.Specificity)))
        {
            index--;
        }

        ranges.Insert(index, range);
    }

    /// <summary>Null for an item without <c>type/subtype</c>; parameters without a name or <c>=</c> are skipped.</summary>
    private static MediaRange? Parse(ReadOnlySpan<char> item)
    {
        var semicolon = item.IndexOf(';');
        var mediaType = (semicolon < 0 ? item : item[..semicolon]).Trim();
        var slash = mediaType.IndexOf('/');
        if (slash <= 0 || slash == mediaType.Length - 1)
        {
            return null;
        }

        var quality = 1.0;
        List<KeyValuePair<string, string>>? parameters = null;
        var rest = semicolon < 0 ? default : item[(semicolon + 1)..];
        while (!rest.IsEmpty)
        {
            var next = rest.IndexOf(';');
            var parameter = (next < 0 ? rest : rest[..next]).Trim();
            rest = next < 0 ? default : rest[(next + 1)..];
            var equals = parameter.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var name = parameter[..equals].Trim();
            var value = parameter[(equals + 1)..].Trim().Trim('"');
            if (name.Equals("q", StringComparison.OrdinalIgnoreCase))
            {
                quality = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var q) ? q : 0;
            }
            else
            {
                (parameters ??= []).Add(new(name.ToString(), value.ToString()));
            }
        }

        return new MediaRange(
            mediaType[..slash].Trim().ToString(),
            mediaType[(slash + 1)..].Trim().ToString(),
            quality,
            parameters is null ? [] : parameters);
    }
}
