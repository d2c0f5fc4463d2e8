namespace MetricsOperator.Serving.Api;

/// <summary>Settings of the metrics.k8s.io endpoints that are not per request.</summary>
internal sealed class MetricsApiOptions
{
    /// <summary>Serve <c>usage.swap</c> where the kubelet reported swap (the reference's unreleased swap support). Off by default.</summary>
    public bool IncludeSwap { get; set; }
}
