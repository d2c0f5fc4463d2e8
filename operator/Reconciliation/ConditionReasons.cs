using MetricsOperator.Api.V1Alpha1;

namespace MetricsOperator.Reconciliation;

/// <summary>
/// CamelCase reasons of the conditions the reconciler writes, beyond the ones the API publishes in
/// <see cref="MetricsBackendConditions"/>.
/// </summary>
internal static class ConditionReasons
{
    public const string Ready = "Ready";
    public const string InvalidSpec = MetricsBackendConditions.ReasonInvalidSpec;
    public const string ApiServiceConflict = MetricsBackendConditions.ReasonApiServiceConflict;
    public const string Superseded = MetricsBackendConditions.ReasonSuperseded;
    public const string CertificatesNotReady = "CertificatesNotReady";
    public const string ApiServiceNotAvailable = "APIServiceNotAvailable";
    public const string NoNodesScraped = "NoNodesScraped";

    /// <summary>A call to the Kubernetes API failed; the message names the call.</summary>
    public const string KubernetesApiError = "KubernetesApiError";

    public const string CertificatesValid = "CertificatesValid";

    /// <summary>The APIService has no Available condition yet: the aggregator has not checked it.</summary>
    public const string AvailabilityUnknown = "AvailabilityUnknown";

    public const string AllNodesScraped = "AllNodesScraped";
    public const string NodesFailing = "NodesFailing";
    public const string NoNodesSeen = "NoNodesSeen";
}
