using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MetricsOperator.SimulatedCluster.Aggregation;
using MetricsOperator.SimulatedCluster.Discovery;
using MetricsOperator.SimulatedCluster.Security;

namespace MetricsOperator.SimulatedCluster.ControlPlane;

/// <summary>
/// kube-aggregator's OpenAPI v3 handling for APIServices with a Service: while one is Available, the index lists its
/// group/version with the backend's own entry (its <c>serverRelativeURL</c> and hash), read from the backend's
/// <c>/openapi/v3</c>, and the document is fetched from the backend's <c>/openapi/v3/apis/&lt;group&gt;/&lt;version&gt;</c>.
/// The backend is reached as for resource requests: the same resolution, TLS verification and front-proxy identity.
/// Only the APIService's own group/version is taken from a backend's index, so one cannot shadow another's.
/// </summary>
internal sealed class AggregatedOpenApi : IRemoteOpenApi
{
    private static readonly UserIdentity Aggregator = new("system:kube-aggregator", [SystemGroups.Authenticated]);
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(3);
    private static readonly HashSet<string> PassedResponseHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "ETag", "Cache-Control", "Location", "Vary", "Last-Modified", "Expires",
    };

    private static readonly HashSet<string> PassedRequestHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Accept", "If-None-Match", "If-Modified-Since",
    };

    private readonly IClusterState _state;
    private readonly BackendResolver _resolver;
    private readonly ClusterAuthorities _authorities;

    public AggregatedOpenApi(IClusterState state, BackendResolver resolver, ClusterAuthorities authorities)
    {
        _state = state;
        _resolver = resolver;
        _authorities = authorities;
    }

    public async Task<JsonObject> IndexPathsAsync(CancellationToken cancellationToken)
    {
        var paths = new JsonObject();
        foreach (var apiService in _state.List<V1APIService>(null))
        {
            if (apiService.Spec?.Service is null || !AggregationProxy.IsAvailable(apiService))
            {
                continue;
            }

            var key = OpenApiDocuments.Prefix(apiService.Spec.Group ?? "", apiService.Spec.Version ?? "");
            var index = await FetchAsync(apiService, "/openapi/v3", [new("Accept", "application/json")], cancellationToken);
            if (index is not { StatusCode: 200 })
            {
                continue;
            }

            try
            {
                if (JsonNode.Parse(index.Body)?["paths"]?[key] is JsonObject entry)
                {
                    paths[key] = entry.DeepClone();
                }
            }
            catch (JsonException)
            {
                // A backend with an unreadable index has no entry, as kube-aggregator skips a failed download.
            }
        }

        return paths;
    }

    public async Task<RemoteDocument?> DocumentAsync(string group, string version, string query, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var apiService = _state.Get<V1APIService>(null, version + "." + group);
        if (apiService?.Spec?.Service is null || !AggregationProxy.IsAvailable(apiService))
        {
            return null;
        }

        var passed = headers.Where(h => PassedRequestHeaders.Contains(h.Key)).ToList();
        return await FetchAsync(apiService, "/openapi/v3/" + OpenApiDocuments.Prefix(group, version) + query, passed, cancellationToken);
    }

    private async Task<RemoteDocument?> FetchAsync(V1APIService apiService, string pathAndQuery, List<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
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
            var request = new BackendRequest("GET", pathAndQuery, [.. AggregationProxy.ForwardedHeaders(new HeaderDictionary(), Aggregator), .. headers], null);
            var exchange = await BackendExchange.SendAsync(backend.BaseAddress!, policy, _authorities.FrontProxyClientCertificate, request, timeout.Token);
            await using (exchange)
            {
                using var body = new MemoryStream();
                await exchange.CopyBodyToAsync(body, timeout.Token);
                return new RemoteDocument(exchange.StatusCode, [.. exchange.Headers.Where(h => PassedResponseHeaders.Contains(h.Key))], body.ToArray());
            }
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException or InvalidDataException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
