using System.Text.Json.Serialization;
using k8s.Models;

namespace MetricsOperator.Api.V1Alpha1;

/// <summary>Observed state, written by the leader only through the status subresource.</summary>
public sealed class MetricsBackendStatus
{
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    /// <summary>Ready, CertificatesReady, APIServiceAvailable, ScrapingHealthy.</summary>
    [JsonPropertyName("conditions")]
    public IList<V1Condition>? Conditions { get; set; }

    [JsonPropertyName("nodes")]
    public NodeScrapeStatus? Nodes { get; set; }

    [JsonPropertyName("servingCertificate")]
    public ServingCertificateStatus? ServingCertificate { get; set; }
}

/// <summary>Node counts from the latest scrape round.</summary>
public sealed class NodeScrapeStatus
{
    [JsonPropertyName("total")]
    public int Total { get; set; }

    [JsonPropertyName("scraped")]
    public int Scraped { get; set; }

    [JsonPropertyName("failing")]
    public int Failing { get; set; }

    /// <summary>The most common failure reason among failing nodes, if any.</summary>
    [JsonPropertyName("topFailureReason")]
    public string? TopFailureReason { get; set; }

    /// <summary>"scraped/total", for the printer column.</summary>
    [JsonPropertyName("summary")]
    public string? Summary { get; set; }
}

/// <summary>The serving certificate currently published.</summary>
public sealed class ServingCertificateStatus
{
    [JsonPropertyName("notAfter")]
    public DateTime? NotAfter { get; set; }
}
