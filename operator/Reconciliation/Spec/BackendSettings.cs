using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Certificates;
using MetricsOperator.Scraping;

namespace MetricsOperator.Reconciliation.Spec;

/// <summary>
/// A MetricsBackend spec with every default applied and every rule checked: what the reconciler applies and what
/// every replica's scraper and endpoint run with.
/// </summary>
/// <param name="Scrape">The scraper's settings. A CA from a Secret (<paramref name="KubeletCaSecret"/>) is not in
/// them yet: whoever reads that Secret sets <see cref="ScrapeSettings.KubeletCaBundlePem"/>.</param>
/// <param name="ServeSwap">Serve <c>usage.swap</c> where kubelets report it.</param>
/// <param name="Certificates">The operator's own CA and serving certificate lifetimes and renewal.</param>
/// <param name="ApiService">How the v1beta1.metrics.k8s.io APIService is registered.</param>
/// <param name="PodSelector">Labels of the operator's pods, the Service's selector.</param>
/// <param name="ExtraReaderSubjects">Bound to the metrics-reader ClusterRole; apiGroup filled in.</param>
/// <param name="KubeletCaSecret">The Secret key holding the kubelet CA bundle, when the spec names one.</param>
internal sealed record BackendSettings(
    ScrapeSettings Scrape,
    bool ServeSwap,
    CertificatePolicy Certificates,
    ApiServiceSettings ApiService,
    IReadOnlyDictionary<string, string> PodSelector,
    IReadOnlyList<Rbacv1Subject> ExtraReaderSubjects,
    SecretKeyReference? KubeletCaSecret);

/// <summary>Registration of the metrics APIService.</summary>
internal sealed record ApiServiceSettings(int GroupPriorityMinimum, int VersionPriority, bool Takeover, bool InsecureSkipTlsVerify);

/// <summary>The outcome of interpreting a spec: settings when valid, otherwise every problem, each naming its field.</summary>
internal sealed record BackendSpecResult(BackendSettings? Settings, IReadOnlyList<string> Errors)
{
    public bool IsValid => Settings is not null;
}
