using MetricsOperator.Serving.Negotiation;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// The media type a representation declares, seen through the Kubernetes conversion parameters that matter for
/// negotiation: <c>as</c> (kind), <c>g</c> (group) and <c>v</c> (version), as in
/// <c>application/json;as=Table;g=meta.k8s.io;v=v1</c>. Other parameters (charset, pretty, stream) do not change which
/// representation is chosen. Accept headers are parsed by the shared <see cref="MediaRange"/>, never here.
/// </summary>
internal sealed record RepresentationMediaType(string Type, string SubType, string? As, string? Group, string? Version)
{
    private const string KindParameter = "as";
    private const string GroupParameter = "g";
    private const string VersionParameter = "v";

    /// <summary>True when the representation is a conversion such as a Table.</summary>
    public bool IsConversion => As is not null || Group is not null || Version is not null;

    /// <summary>Parses the Content-Type a representation declares; throws naming it when it is not a concrete media type.</summary>
    public static RepresentationMediaType Parse(string contentType)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        if (!MediaRange.TryParse(contentType, out var range) || range.MatchesAllTypes || range.MatchesAllSubTypes)
        {
            throw new ArgumentException($"representation content type \"{contentType}\" is not a concrete media type such as application/json", nameof(contentType));
        }

        return new RepresentationMediaType(
            range.Type,
            range.SubType,
            range.Parameter(KindParameter),
            range.Parameter(GroupParameter),
            range.Parameter(VersionParameter));
    }

    /// <summary>
    /// Whether an Accept clause admits this representation (the API server's rule): the type matches, wildcards
    /// honoured, and the clause asks for exactly this conversion (none when the representation is not one).
    /// </summary>
    public bool IsAcceptedBy(MediaRange clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        return clause.Admits(Type, SubType)
            && string.Equals(clause.Parameter(KindParameter), As, StringComparison.Ordinal)
            && string.Equals(clause.Parameter(GroupParameter), Group, StringComparison.Ordinal)
            && string.Equals(clause.Parameter(VersionParameter), Version, StringComparison.Ordinal);
    }

    /// <summary>Whether both name the same representation (what a second registration of it would be).</summary>
    public bool SameAs(RepresentationMediaType other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(Type, other.Type, StringComparison.OrdinalIgnoreCase)
            && string.Equals(SubType, other.SubType, StringComparison.OrdinalIgnoreCase)
            && string.Equals(As, other.As, StringComparison.Ordinal)
            && string.Equals(Group, other.Group, StringComparison.Ordinal)
            && string.Equals(Version, other.Version, StringComparison.Ordinal);
    }

    public override string ToString() =>
        IsConversion ? $"{Type}/{SubType};as={As};v={Version};g={Group}" : $"{Type}/{SubType}";
}
