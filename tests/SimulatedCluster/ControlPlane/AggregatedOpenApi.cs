using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MetricsOperator.SimulatedCluster.Aggregation;
using MetricsOperator.SimulatedCluster.Discovery;

namespace MetricsOperator.SimulatedCluster.ControlPlane;

/// <summary>
/// kube-aggregator's OpenAPI v3 handling for APIServices with a Service: while one is Available, the index lists its
/// group/version with the backend's own entry (its <c>serverRelativeURL</c> and hash), read from the backend's
/// <c>/openapi/v3</c>, and the document is fetched from the backend's <c>/openapi/v3/apis/&lt;group&gt;/&lt;version&gt;</c>.
/// Only the APIService's own group/version is taken from a backend's index, so one backend cannot shadow another's.
/// </summary>
internal sealed class AggregatedOpenApi : IRemoteOpenApi
{
    private static readonly HashSet<string> PassedRequestHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Accept", "If-None-Match", "If-Modified-Since",
    };

    private static readonly HashSet<string> PassedResponseHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "ETag", "Cache-Control", "Location", "Vary", "Last-Modified", "Expires",
    };

    private readonly IClusterState _state;
    private readonly BackendFetch _fetch;

    public AggregatedOpenApi(IClusterState state, BackendFetch fetch)
    {
        _state = state;
        _fetch = fetch;
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
            var index = await _fetch.GetAsync(apiService, "/openapi/v3", [new("Accept", "application/json")], cancellationToken);
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

        var passed = headers.Where(h => PassedRequestHeaders.Contains(h.Key));
        var response = await _fetch.GetAsync(apiService, "/openapi/v3/" + OpenApiDocuments.Prefix(group, version) + query, passed, cancellationToken);
        return response is null
            ? null
            : new RemoteDocument(response.StatusCode, [.. response.Headers.Where(h => PassedResponseHeaders.Contains(h.Key))], response.Body);
    }
}
