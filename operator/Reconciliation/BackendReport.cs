using k8s.Models;
using MetricsOperator.Scraping;

namespace MetricsOperator.Reconciliation;

/// <summary>
/// What one reconcile of the active MetricsBackend found, for its status; filled in step by step. A step that was
/// not reached leaves its part null, and the conditions it feeds keep their previous value.
/// </summary>
internal sealed class BackendReport
{
    /// <summary>Set once both Secrets are applied.</summary>
    public CertificateReport? Certificates { get; set; }

    /// <summary>Set once the APIService was applied, or found to belong to someone else.</summary>
    public ApiServiceReport? ApiService { get; set; }

    public ScrapeStatusSummary? Scrape { get; set; }

    /// <summary>The API call that stopped this reconcile, if one did.</summary>
    public ApiCallFailure? Failure { get; set; }
}

/// <summary>Expiry of the published certificates.</summary>
internal sealed record CertificateReport(DateTimeOffset ServingNotAfter, DateTimeOffset CaNotAfter);

/// <summary>The APIService as last seen: another backend's (<see cref="ForeignService"/> set), or ours.</summary>
/// <param name="ForeignService">What the foreign APIService points at, e.g. "Service kube-system/metrics-server".</param>
/// <param name="Available">Our APIService's Available condition, as the aggregator reported it.</param>
internal sealed record ApiServiceReport(string? ForeignService, V1APIServiceCondition? Available)
{
    public bool IsConflict => ForeignService is not null;

    public static ApiServiceReport Conflict(string foreignService) => new(foreignService, null);

    public static ApiServiceReport Applied(V1APIService applied) =>
        new(null, applied?.Status?.Conditions?.FirstOrDefault(c => c.Type == "Available"));
}

/// <summary>A failed call to the Kubernetes API.</summary>
/// <param name="Call">The call, e.g. "apply Secret metrics-operator/metrics-operator-ca".</param>
/// <param name="Message">The API's answer.</param>
/// <param name="DuringCertificates">Whether it happened while publishing the certificates.</param>
internal sealed record ApiCallFailure(string Call, string Message, bool DuringCertificates)
{
    public string Describe() => $"{Call} failed: {Message}";
}
