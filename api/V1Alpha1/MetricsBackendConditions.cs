namespace MetricsOperator.Api.V1Alpha1;

/// <summary>Condition types and reasons a MetricsBackend reports.</summary>
public static class MetricsBackendConditions
{
    public const string Ready = "Ready";
    public const string CertificatesReady = "CertificatesReady";
    public const string ApiServiceAvailable = "APIServiceAvailable";
    public const string ScrapingHealthy = "ScrapingHealthy";

    public const string ReasonInvalidSpec = "InvalidSpec";
    public const string ReasonApiServiceConflict = "APIServiceConflict";
    public const string ReasonSuperseded = "Superseded";
}
