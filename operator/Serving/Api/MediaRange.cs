using Microsoft.Net.Http.Headers;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// A media type with the Kubernetes conversion parameters that matter for negotiation: <c>as</c> (kind), <c>g</c>
/// (group) and <c>v</c> (version), as in <c>application/json;as=Table;g=meta.k8s.io;v=v1</c>. Other parameters
/// (charset, pretty, stream) do not change which representation is chosen.
/// </summary>
internal sealed record MediaRange(string Type, string SubType, string? As, string? Group, string? Version, double Quality)
{
    /// <summary>True when the range asks for (or the offer is) a conversion such as a Table.</summary>
    public bool IsConversion => As is not null || Group is not null || Version is not null;

    /// <summary>2 for <c>type/subtype</c>, 1 for <c>type/*</c>, 0 for <c>*/*</c>: the more specific clause is tried first.</summary>
    public int Specificity => Type == "*" ? 0 : SubType == "*" ? 1 : 2;

    /// <summary>Parses the Content-Type a representation declares; throws naming it when it is not a concrete media type.</summary>
    public static MediaRange ParseOffer(string contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MatchesAllTypes || parsed.MatchesAllSubTypes)
        {
            throw new ArgumentException($"representation content type \"{contentType}\" is not a concrete media type such as application/json", nameof(contentType));
        }

        return From(parsed);
    }

    /// <summary>The acceptable ranges of an Accept header, most preferred first; empty when it has none (or cannot be parsed).</summary>
    public static List<MediaRange> ParseAccept(string accept)
    {
        var ranges = new List<MediaRange>();
        if (!MediaTypeHeaderValue.TryParseList([accept], out var parsed))
        {
            return ranges;
        }

        foreach (var value in parsed)
        {
            var range = From(value);
            if (range.Quality > 0)
            {
                ranges.Add(range);
            }
        }

        // Stable: among equal quality and specificity the client's order stands.
        var ordered = ranges.OrderByDescending(r => r.Quality).ThenByDescending(r => r.Specificity).ToList();
        return ordered;
    }

    /// <summary>Whether an offered representation satisfies this Accept clause (the API server's rule).</summary>
    public bool Accepts(MediaRange offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var typeMatches = Type == "*"
            || (string.Equals(Type, offer.Type, StringComparison.OrdinalIgnoreCase)
                && (SubType == "*" || string.Equals(SubType, offer.SubType, StringComparison.OrdinalIgnoreCase)));
        return typeMatches
            && string.Equals(As, offer.As, StringComparison.Ordinal)
            && string.Equals(Group, offer.Group, StringComparison.Ordinal)
            && string.Equals(Version, offer.Version, StringComparison.Ordinal);
    }

    public override string ToString() =>
        IsConversion ? $"{Type}/{SubType};as={As};v={Version};g={Group}" : $"{Type}/{SubType}";

    private static MediaRange From(MediaTypeHeaderValue value)
    {
        string? kind = null, group = null, version = null;
        foreach (var parameter in value.Parameters)
        {
            var parameterValue = HeaderUtilities.RemoveQuotes(parameter.Value).Value;
            if (parameter.Name.Equals("as", StringComparison.OrdinalIgnoreCase))
            {
                kind = parameterValue;
            }
            else if (parameter.Name.Equals("g", StringComparison.OrdinalIgnoreCase))
            {
                group = parameterValue;
            }
            else if (parameter.Name.Equals("v", StringComparison.OrdinalIgnoreCase))
            {
                version = parameterValue;
            }
        }

        return new MediaRange(
            value.Type.Value ?? "*",
            value.SubType.Value ?? "*",
            kind,
            group,
            version,
            value.Quality ?? 1.0);
    }
}
