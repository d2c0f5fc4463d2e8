using k8s.Models;
using MetricsOperator.Api.V1Alpha1;

namespace MetricsOperator.Tests.Reconciliation;

/// <summary>Finds a MetricsBackend's conditions in assertions, failing clearly when one is missing.</summary>
internal static class BackendConditions
{
    public static V1Condition Ready(MetricsBackendStatus? status) => Of(status, MetricsBackendConditions.Ready);

    public static V1Condition Of(MetricsBackendStatus? status, string type) =>
        status?.Conditions?.SingleOrDefault(c => c.Type == type) ?? throw new AssertionException($"no {type} condition");
}
