using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MetricsOperator.SimulatedCluster.Aggregation;
using MetricsOperator.SimulatedCluster.Discovery;

namespace MetricsOperator.SimulatedCluster.ControlPlane;

/// <summary>
/// The resources of aggregated group/versions for aggregated discovery, fetched from the backend's own
/// <c>/apis/&lt;group&gt;/&lt;version&gt;</c> document (as kube-aggregator does) and kept for a short while.
/// Unavailable APIServices, unreachable backends and bad answers give null (the version is then listed as Stale).
/// </summary>
internal sealed class AggregatedResourceDiscovery : IRemoteDiscovery
{
    private readonly IClusterState _state;
    private readonly BackendFetch _fetch;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _freshFor;
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, JsonArray Resources)> _cache = new(StringComparer.Ordinal);

    public AggregatedResourceDiscovery(IClusterState state, BackendFetch fetch, TimeProvider clock, TimeSpan freshFor)
    {
        _state = state;
        _fetch = fetch;
        _clock = clock;
        _freshFor = freshFor;
    }

    public async ValueTask<JsonArray?> ResourcesAsync(string group, string version, CancellationToken cancellationToken)
    {
        var name = version + "." + group;
        if (_cache.TryGetValue(name, out var cached) && _clock.GetUtcNow() - cached.At < _freshFor)
        {
            return (JsonArray)cached.Resources.DeepClone();
        }

        var apiService = _state.Get<V1APIService>(null, name);
        if (apiService is null || !AggregationProxy.IsAvailable(apiService))
        {
            return null;
        }

        var response = await _fetch.GetAsync(apiService, $"/apis/{group}/{version}", [new("Accept", "application/json")], cancellationToken);
        if (response is not { StatusCode: >= 200 and <= 299 })
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(response.Body)?["resources"] is not JsonArray resources)
            {
                return null;
            }

            _cache[name] = (_clock.GetUtcNow(), (JsonArray)resources.DeepClone());
            return resources;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
