using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MetricsOperator.SimulatedCluster.Aggregation;
using MetricsOperator.SimulatedCluster.Discovery;
using MetricsOperator.SimulatedCluster.Security;

namespace MetricsOperator.SimulatedCluster.ControlPlane;

/// <summary>
/// The resources of aggregated group/versions for aggregated discovery, fetched from the backend's own
/// <c>/apis/&lt;group&gt;/&lt;version&gt;</c> document (as kube-aggregator does) and kept for a short while.
/// Unavailable APIServices, unreachable backends and bad answers give null (the version is then listed as Stale).
/// </summary>
internal sealed class AggregatedResourceDiscovery : IRemoteDiscovery
{
    private static readonly UserIdentity Aggregator = new("system:kube-aggregator", [SystemGroups.Authenticated]);
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(3);

    private readonly IClusterState _state;
    private readonly BackendResolver _resolver;
    private readonly ClusterAuthorities _authorities;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _freshFor;
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, JsonArray Resources)> _cache = new(StringComparer.Ordinal);

    public AggregatedResourceDiscovery(IClusterState state, BackendResolver resolver, ClusterAuthorities authorities, TimeProvider clock, TimeSpan freshFor)
    {
        _state = state;
        _resolver = resolver;
        _authorities = authorities;
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

        var backend = _resolver.Resolve(apiService);
        if (!backend.Resolved)
        {
            return null;
        }

        var policy = new BackendTlsPolicy(apiService.Spec.CaBundle, apiService.Spec.InsecureSkipTLSVerify == true, backend.ServerName);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(FetchTimeout);
        try
        {
            var request = new BackendRequest("GET", $"/apis/{group}/{version}", [.. AggregationProxy.ForwardedHeaders(new HeaderDictionary(), Aggregator), new("Accept", "application/json")], null);
            var exchange = await BackendExchange.SendAsync(backend.BaseAddress!, policy, _authorities.FrontProxyClientCertificate, request, timeout.Token);
            await using (exchange)
            {
                using var body = new MemoryStream();
                await exchange.CopyBodyToAsync(body, timeout.Token);
                if (exchange.StatusCode is < 200 or > 299 || JsonNode.Parse(body.ToArray())?["resources"] is not JsonArray resources)
                {
                    return null;
                }

                _cache[name] = (_clock.GetUtcNow(), (JsonArray)resources.DeepClone());
                return resources;
            }
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException or InvalidDataException or JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
