using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using MetricsOperator.Serving.Negotiation;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// The representations on offer (every <see cref="IMetricsRepresentation"/> registered in DI) and the choice among
/// them for an Accept header, by the API server's rule: clauses by quality, then specificity, then the client's
/// order; for each clause the first offer it accepts. Offers are tried in registration order, except that plain
/// JSON always comes first: it is what <c>*/*</c> and an absent Accept get, as from the API server.
/// </summary>
internal sealed class MetricsRepresentationRegistry
{
    /// <summary>Clients send few distinct Accept headers; remembering that many answers makes negotiation a lookup.</summary>
    private const int MaxRemembered = 256;

    private readonly Offer[] _offers;
    private readonly ConcurrentDictionary<string, IMetricsRepresentation?> _remembered = new(StringComparer.Ordinal);

    public MetricsRepresentationRegistry(IEnumerable<IMetricsRepresentation> representations)
    {
        ArgumentNullException.ThrowIfNull(representations);
        var offers = new List<Offer>();
        foreach (var representation in representations)
        {
            var mediaType = RepresentationMediaType.Parse(representation.ContentType);
            foreach (var existing in offers)
            {
                if (existing.MediaType.SameAs(mediaType))
                {
                    throw new ArgumentException(
                        $"two representations offer {mediaType}: {existing.Representation.GetType().Name} and {representation.GetType().Name}",
                        nameof(representations));
                }
            }

            offers.Add(new Offer(mediaType, representation));
        }

        var json = offers.FindIndex(o => !o.MediaType.IsConversion && o.MediaType.Type == "application" && o.MediaType.SubType == "json");
        if (json > 0)
        {
            var plainJson = offers[json];
            offers.RemoveAt(json);
            offers.Insert(0, plainJson);
        }

        if (offers.Count == 0)
        {
            throw new ArgumentException("no representation is registered", nameof(representations));
        }

        _offers = [.. offers];
        Offered = [.. offers.Select(o => o.Representation.ContentType)];
    }

    /// <summary>The Content-Types on offer, in preference order (for the 406 message).</summary>
    public IReadOnlyList<string> Offered { get; }

    /// <summary>The representation for <paramref name="accept"/> (null or empty: the first offer); false when nothing offered is acceptable.</summary>
    public bool TryNegotiate(string? accept, [NotNullWhen(true)] out IMetricsRepresentation? representation)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            representation = _offers[0].Representation;
            return true;
        }

        if (!_remembered.TryGetValue(accept, out representation))
        {
            representation = Choose(accept);
            if (_remembered.Count < MaxRemembered)
            {
                _remembered.TryAdd(accept, representation);
            }
        }

        return representation is not null;
    }

    private IMetricsRepresentation? Choose(string accept)
    {
        var clauses = MediaRange.ParseByPreference(accept);
        for (var i = 0; i < clauses.Count; i++)
        {
            foreach (var offer in _offers)
            {
                if (offer.MediaType.IsAcceptedBy(clauses[i]))
                {
                    return offer.Representation;
                }
            }
        }

        return null;
    }

    private sealed record Offer(RepresentationMediaType MediaType, IMetricsRepresentation Representation);
}
