using MetricsOperator.Serving.Negotiation;
using Microsoft.Extensions.Primitives;

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

/// <summary>What an OpenAPI document (<c>/openapi/v2</c>, or a group version's below <c>/openapi/v3</c>) answers with.</summary>
internal enum OpenApiRepresentation
{
    NotAcceptable,
    Json,

    /// <summary>The gnostic protobuf message (kubectl reads <c>/openapi/v2</c> only this way).</summary>
    Protobuf,
}

/// <summary>
/// Content negotiation of the discovery and OpenAPI endpoints. Media ranges are taken by quality, then the more
/// specific, then in the order listed (what Kubernetes clients rely on: they list the preferred form first).
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

        foreach (var range in MediaRange.ParseByPreference(accept))
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

        foreach (var range in MediaRange.ParseByPreference(accept))
        {
            if (IsPlainJsonRange(range))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Picks an OpenAPI document's representation, as kube-openapi does: the best range decides, a wildcard means
    /// JSON, and either spelling of the protobuf type (<paramref name="protobufSubTypes"/>) means protobuf.
    /// </summary>
    public static OpenApiRepresentation ForOpenApi(StringValues accept, IReadOnlyList<string> protobufSubTypes)
    {
        ArgumentNullException.ThrowIfNull(protobufSubTypes);
        if (StringValues.IsNullOrEmpty(accept))
        {
            return OpenApiRepresentation.Json;
        }

        foreach (var range in MediaRange.ParseByPreference(accept))
        {
            if (IsPlainJsonRange(range))
            {
                return OpenApiRepresentation.Json;
            }

            foreach (var subType in protobufSubTypes)
            {
                if (range.Admits("application", subType))
                {
                    return OpenApiRepresentation.Protobuf;
                }
            }
        }

        return OpenApiRepresentation.NotAcceptable;
    }

    private static ApisRepresentation Match(MediaRange range)
    {
        if (IsPlainJsonRange(range))
        {
            return ApisRepresentation.GroupList;
        }

        if (!range.Admits("application", "json")
            || !HasParameter(range, "g", AggregatedGroup)
            || !HasParameter(range, "as", AggregatedKind))
        {
            return ApisRepresentation.NotAcceptable;
        }

        return range.Parameter("v") switch
        {
            "v2" => ApisRepresentation.AggregatedV2,
            "v2beta1" => ApisRepresentation.AggregatedV2Beta1,
            _ => ApisRepresentation.NotAcceptable,
        };
    }

    /// <summary>A range plain JSON satisfies: JSON or a wildcard, not narrowed to another object (<c>as=Table</c> …).</summary>
    private static bool IsPlainJsonRange(MediaRange range) =>
        range.Admits("application", "json") && range.Parameter("as") is null && range.Parameter("g") is null && range.Parameter("v") is null;

    private static bool HasParameter(MediaRange range, string name, string value) =>
        string.Equals(range.Parameter(name), value, StringComparison.Ordinal);
}
