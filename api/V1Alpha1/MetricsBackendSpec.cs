using System.Text.Json.Serialization;
using k8s.Models;

namespace MetricsOperator.Api.V1Alpha1;

/// <summary>
/// Desired state. Every field is optional; defaults come from the CRD schema (and are applied again by the
/// operator, so an object created before a default existed behaves the same). Durations are Go duration strings.
/// </summary>
public sealed class MetricsBackendSpec
{
    [JsonPropertyName("apiService")]
    public ApiServiceSpec? ApiService { get; set; }

    [JsonPropertyName("scraping")]
    public ScrapingSpec? Scraping { get; set; }

    [JsonPropertyName("certificates")]
    public CertificatesSpec? Certificates { get; set; }

    [JsonPropertyName("serving")]
    public ServingSpec? Serving { get; set; }

    [JsonPropertyName("access")]
    public AccessSpec? Access { get; set; }
}

/// <summary>How the v1beta1.metrics.k8s.io APIService is registered.</summary>
public sealed class ApiServiceSpec
{
    [JsonPropertyName("groupPriorityMinimum")]
    public int? GroupPriorityMinimum { get; set; }

    [JsonPropertyName("versionPriority")]
    public int? VersionPriority { get; set; }

    /// <summary>Take over an APIService another backend (say metrics-server) registered; restored on deletion.</summary>
    [JsonPropertyName("takeover")]
    public bool? Takeover { get; set; }

    /// <summary>Register without a caBundle. For debugging only.</summary>
    [JsonPropertyName("insecureSkipTLSVerify")]
    public bool? InsecureSkipTlsVerify { get; set; }
}

/// <summary>How kubelets are scraped.</summary>
public sealed class ScrapingSpec
{
    [JsonPropertyName("resolution")]
    public string? Resolution { get; set; }

    [JsonPropertyName("timeout")]
    public string? Timeout { get; set; }

    /// <summary>Node address types in order of preference: Hostname, InternalIP, ExternalIP, InternalDNS, ExternalDNS.</summary>
    [JsonPropertyName("preferredAddressTypes")]
    public IList<string>? PreferredAddressTypes { get; set; }

    [JsonPropertyName("useNodeStatusPort")]
    public bool? UseNodeStatusPort { get; set; }

    /// <summary>Label selector (Kubernetes syntax) restricting the scraped nodes.</summary>
    [JsonPropertyName("nodeSelector")]
    public string? NodeSelector { get; set; }

    [JsonPropertyName("kubeletTLS")]
    public KubeletTlsSpec? KubeletTls { get; set; }

    /// <summary>How long a node whose scrapes fail keeps serving its last good data.</summary>
    [JsonPropertyName("stalenessBound")]
    public string? StalenessBound { get; set; }
}

/// <summary>How kubelet serving certificates are verified: a CA bundle, a Secret holding one, or not at all.</summary>
public sealed class KubeletTlsSpec
{
    /// <summary>PEM certificates; exclusive with <see cref="CaSecretRef"/> and <see cref="InsecureSkipVerify"/>.</summary>
    [JsonPropertyName("caBundle")]
    public string? CaBundle { get; set; }

    [JsonPropertyName("caSecretRef")]
    public SecretKeyReference? CaSecretRef { get; set; }

    [JsonPropertyName("insecureSkipVerify")]
    public bool? InsecureSkipVerify { get; set; }
}

/// <summary>
/// A key of a Secret. The operator may read Secrets only in its own namespace, so <see cref="Namespace"/> must be
/// empty (meaning that namespace) or name it.
/// </summary>
public sealed class SecretKeyReference
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    /// <summary>Defaults to <see cref="MetricsBackendDefaults.KubeletCaSecretKey"/>.</summary>
    [JsonPropertyName("key")]
    public string? Key { get; set; }
}

/// <summary>Lifetimes of the operator's own CA and serving certificate.</summary>
public sealed class CertificatesSpec
{
    [JsonPropertyName("caValidity")]
    public string? CaValidity { get; set; }

    /// <summary>
    /// Must be shorter than <see cref="CaValidity"/>: a serving certificate never outlives the CA that issued it, and it
    /// must be renewed under the next CA before the current one expires.
    /// </summary>
    [JsonPropertyName("servingValidity")]
    public string? ServingValidity { get; set; }

    /// <summary>
    /// Renew this long before expiry; when absent, renew at two thirds of the lifetime. It must leave a new CA long enough
    /// for its own rotation (two bundle propagation delays) and a second.
    /// </summary>
    [JsonPropertyName("renewBefore")]
    public string? RenewBefore { get; set; }
}

/// <summary>What the endpoint serves and which pods back the Service.</summary>
public sealed class ServingSpec
{
    [JsonPropertyName("swapUsage")]
    public bool? SwapUsage { get; set; }

    /// <summary>Labels of the operator's pods the Service selects.</summary>
    [JsonPropertyName("podSelector")]
    public IDictionary<string, string>? PodSelector { get; set; }
}

/// <summary>Who, beyond view/edit/admin, may read metrics.</summary>
public sealed class AccessSpec
{
    [JsonPropertyName("extraReaderSubjects")]
    public IList<Rbacv1Subject>? ExtraReaderSubjects { get; set; }
}
