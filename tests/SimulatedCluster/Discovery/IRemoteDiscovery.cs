using System.Text.Json.Nodes;

namespace MetricsOperator.SimulatedCluster.Discovery;

/// <summary>
/// The resources an aggregated API server (a group/version registered by an APIService) advertises, as the
/// <c>resources</c> array of its APIResourceList; null when it cannot be reached. Aggregated discovery includes them.
/// </summary>
internal interface IRemoteDiscovery
{
    ValueTask<JsonArray?> ResourcesAsync(string group, string version, CancellationToken cancellationToken);
}
