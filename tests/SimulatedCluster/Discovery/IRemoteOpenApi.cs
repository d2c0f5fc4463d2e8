using System.Text.Json.Nodes;

namespace MetricsOperator.SimulatedCluster.Discovery;

/// <summary>A response from an aggregated API server, passed on to the client as it came.</summary>
internal sealed record RemoteDocument(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body);

/// <summary>
/// The OpenAPI v3 documents of aggregated group/versions (those an available APIService registers), as
/// kube-aggregator serves them: the index entries come from each backend's own <c>/openapi/v3</c>, and a document
/// request is answered by the backend.
/// </summary>
internal interface IRemoteOpenApi
{
    /// <summary>The <c>/openapi/v3</c> index entries (key "apis/&lt;group&gt;/&lt;version&gt;") of the reachable aggregated group/versions.</summary>
    Task<JsonObject> IndexPathsAsync(CancellationToken cancellationToken);

    /// <summary>The backend's answer for <c>/openapi/v3/apis/&lt;group&gt;/&lt;version&gt;</c>; null when no available APIService serves it or it cannot be reached.</summary>
    Task<RemoteDocument?> DocumentAsync(string group, string version, string query, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancellationToken);
}
