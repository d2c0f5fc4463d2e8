using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace MetricsOperator.Serving.Discovery;

/// <summary>What <c>/apis</c> answers with.</summary>
internal enum ApisRepresentation
{
    NotAcceptable,

    /// <summary>The legacy meta/v1 APIGroupList.</summary>
    GroupList,

    /// <summary>apidiscovery.k8s.io/v2 APIGroupDiscoveryList (kubectl 1.30 and later ask for it first).</summary>
    AggregatedV2,

    /// <summary>apidiscovery.k8s.io/v2beta1 APIGroupDiscoveryList (the only aggregated form kubectl 1.27 asks for).</summary>
    AggregatedV2Beta1,
}

/// <summary>
/// Content negotiation of the discovery and OpenAPI endpoints, which are served as JSON only. Media ranges are
/// taken by quality, then in the order listed (what Kubernetes clients rely on: they list the preferred form first).
/// </summary>
internal static class DiscoveryNegotiation
{
    public const string AggregatedGroup = "apidiscovery.k8s.io";
    public const string AggregatedKind = "APIGroupDiscoveryList";

    /// <summary>Picks the <c>/apis</c> representation for an Accept header (none at all means JSON).</summary>
    public static ApisRepresentation ForApis(StringValues accept)
    {
        if (StringValues.IsNullOrEmpty(accept))
        {
            return ApisRepresentation.GroupList;
        }

        foreach (var range in ByPreference(accept))
        {
            var representation = Match(range);
            if (representation != ApisRepresentation.NotAcceptable)
            {
                return representation;
            }
        }

        return ApisRepresentation.NotAcceptable;
    }

    /// <summary>Whether plain JSON satisfies the Accept header (none at all means yes).</summary>
    public static bool AcceptsJson(StringValues accept)
    {
        if (StringValues.IsNullOrEmpty(accept))
        {
            return true;
        }

        foreach (var range in ByPreference(accept))
        {
            if (IsPlainJsonRange(range))
            {
                return true;
            }
        }

        return false;
    }

    private static ApisRepresentation Match(MediaTypeHeaderValue range)
    {
        if (IsPlainJsonRange(range))
        {
            return ApisRepresentation.GroupList;
        }

        if (!MatchesJson(range)
            || !HasParameter(range, "g", AggregatedGroup)
            || !HasParameter(range, "as", AggregatedKind))
        {
            return ApisRepresentation.NotAcceptable;
        }

        return Parameter(range, "v") switch
        {
            "v2" => ApisRepresentation.AggregatedV2,
            "v2beta1" => ApisRepresentation.AggregatedV2Beta1,
            _ => ApisRepresentation.NotAcceptable,
        };
    }

    /// <summary>A range plain JSON satisfies: JSON or a wildcard, not narrowed to another object (<c>as=Table</c> …).</summary>
    private static bool IsPlainJsonRange(MediaTypeHeaderValue range) =>
        MatchesJson(range) && Parameter(range, "as") is null && Parameter(range, "g") is null && Parameter(range, "v") is null;

    private static bool MatchesJson(MediaTypeHeaderValue range) =>
        range.MatchesAllTypes
        || (range.Type.Equals("application", StringComparison.OrdinalIgnoreCase)
            && (range.MatchesAllSubTypes || range.SubType.Equals("json", StringComparison.OrdinalIgnoreCase)));

    private static bool HasParameter(MediaTypeHeaderValue range, string name, string value) =>
        string.Equals(Parameter(range, name), value, StringComparison.Ordinal);

    private static string? Parameter(MediaTypeHeaderValue range, string name)
    {
        foreach (var parameter in range.Parameters)
        {
            if (parameter.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return HeaderUtilities.RemoveQuotes(parameter.Value).Value;
            }
        }

        return null;
    }

    /// <summary>The acceptable ranges (quality above 0), best first; an unparsable header accepts nothing.</summary>
    private static IEnumerable<MediaTypeHeaderValue> ByPreference(StringValues accept) =>
        MediaTypeHeaderValue.TryParseList(accept, out var ranges)
            ? ranges.Where(range => (range.Quality ?? 1) > 0).OrderByDescending(range => range.Quality ?? 1)
            : [];
}
