using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.SimulatedCluster.Rest;

/// <summary>Carries a typed Status (from the security and aggregation components) through the REST layer's errors.</summary>
internal static class StatusErrors
{
    public static ApiException ToException(V1Status status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var details = status.Details is null ? null : JsonNode.Parse(KubernetesJson.Serialize(status.Details)) as JsonObject;
        return new ApiException(status.Code ?? 500, status.Reason ?? "InternalError", status.Message ?? "", details);
    }
}
