using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Kubernetes.Conditions;
using MetricsOperator.Scraping;

namespace MetricsOperator.Reconciliation;

/// <summary>
/// Turns what a reconcile found into the MetricsBackend's status. Starts from a copy of the current conditions, so
/// lastTransitionTime moves only when a condition's status flips and an unchanged situation yields an equal status.
/// </summary>
internal static partial class BackendStatusBuilder
{
    private static readonly string[] ActiveOnlyConditions =
    [
        MetricsBackendConditions.CertificatesReady,
        MetricsBackendConditions.ApiServiceAvailable,
        MetricsBackendConditions.ScrapingHealthy,
    ];

    /// <summary>A backend that is not the active one: only Ready=False, Superseded; it owns nothing.</summary>
    public static MetricsBackendStatus Superseded(MetricsBackend backend, string activeName, DateTime now)
    {
        var (status, generation) = Start(backend);
        var conditions = status.Conditions!;
        foreach (var type in ActiveOnlyConditions)
        {
            ConditionSet.Remove(conditions, type);
        }

        ConditionSet.Set(
            conditions,
            MetricsBackendConditions.Ready,
            ConditionSet.False,
            ConditionReasons.Superseded,
            $"MetricsBackend {activeName} is older and active; this one takes effect only when that one is deleted",
            generation,
            now);
        status.Nodes = null;
        status.ServingCertificate = null;
        return status;
    }

    /// <summary>The active backend with a spec the operator refuses; its children are left as they were.</summary>
    public static MetricsBackendStatus InvalidSpec(MetricsBackend backend, IReadOnlyList<string> errors, ScrapeStatusSummary? scrape, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var (status, generation) = Start(backend);
        if (scrape is not null)
        {
            SetScraping(status, scrape, generation, now);
        }

        ConditionSet.Set(
            status.Conditions!,
            MetricsBackendConditions.Ready,
            ConditionSet.False,
            ConditionReasons.InvalidSpec,
            "the spec is invalid: " + string.Join("; ", errors),
            generation,
            now);
        return status;
    }

    public static MetricsBackendStatus Active(MetricsBackend backend, BackendReport report, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(report);
        var (status, generation) = Start(backend);
        var conditions = status.Conditions!;
        if (report.Certificates is { } certificates)
        {
            status.ServingCertificate = new ServingCertificateStatus { NotAfter = certificates.ServingNotAfter.UtcDateTime };
            ConditionSet.Set(
                conditions,
                MetricsBackendConditions.CertificatesReady,
                ConditionSet.True,
                ConditionReasons.CertificatesValid,
                $"serving certificate valid until {Format(certificates.ServingNotAfter)}, CA until {Format(certificates.CaNotAfter)}",
                generation,
                now);
        }
        else if (report.Failure is { DuringCertificates: true } failure)
        {
            ConditionSet.Set(
                conditions, MetricsBackendConditions.CertificatesReady, ConditionSet.False, ConditionReasons.KubernetesApiError, failure.Describe(), generation, now);
        }

        if (report.ApiService is { } apiService)
        {
            SetApiServiceAvailable(conditions, apiService, generation, now);
        }

        if (report.Scrape is { } scrape)
        {
            SetScraping(status, scrape, generation, now);
        }

        var (readyStatus, reason, message) = Readiness(conditions, report, status.Nodes);
        ConditionSet.Set(conditions, MetricsBackendConditions.Ready, readyStatus, reason, message, generation, now);
        return status;
    }

    private static (string Status, string Reason, string Message) Readiness(
        IList<V1Condition> conditions, BackendReport report, NodeScrapeStatus? nodes)
    {
        if (report.Failure is { } failure)
        {
            return (ConditionSet.False, ConditionReasons.KubernetesApiError, failure.Describe());
        }

        if (report.ApiService is { IsConflict: true } conflict)
        {
            return (ConditionSet.False, ConditionReasons.ApiServiceConflict, ConflictMessage(conflict.ForeignService!));
        }

        if (ConditionSet.Find(conditions, MetricsBackendConditions.CertificatesReady) is not { Status: ConditionSet.True })
        {
            return (ConditionSet.False, ConditionReasons.CertificatesNotReady, "the serving certificate is not published yet");
        }

        var available = ConditionSet.Find(conditions, MetricsBackendConditions.ApiServiceAvailable);
        if (available is not { Status: ConditionSet.True })
        {
            var detail = available?.Message;
            return (ConditionSet.False, ConditionReasons.ApiServiceNotAvailable,
                $"APIService {ChildNames.ApiService} is not available" + (string.IsNullOrEmpty(detail) ? string.Empty : ": " + detail));
        }

        if (nodes is { Total: > 0, Scraped: 0 })
        {
            return (ConditionSet.False, ConditionReasons.NoNodesScraped,
                $"none of {nodes.Total} nodes could be scraped; most common failure: {nodes.TopFailureReason}");
        }

        return (ConditionSet.True, ConditionReasons.Ready, nodes is null
            ? "serving metrics.k8s.io"
            : $"serving metrics.k8s.io; {nodes.Summary} nodes scraped");
    }

    private static void SetApiServiceAvailable(IList<V1Condition> conditions, ApiServiceReport report, long? generation, DateTime now)
    {
        if (report.IsConflict)
        {
            ConditionSet.Set(
                conditions, MetricsBackendConditions.ApiServiceAvailable, ConditionSet.False, ConditionReasons.ApiServiceConflict,
                ConflictMessage(report.ForeignService!), generation, now);
        }
        else if (report.Available is { } available)
        {
            // Mirrors the aggregator's own verdict, so `kubectl get mb` says what `kubectl get apiservice` would.
            ConditionSet.Set(
                conditions,
                MetricsBackendConditions.ApiServiceAvailable,
                available.Status is ConditionSet.True or ConditionSet.False ? available.Status : ConditionSet.Unknown,
                available.Reason is { } reason && CamelCaseReason().IsMatch(reason) ? reason : ConditionReasons.AvailabilityUnknown,
                available.Message ?? string.Empty,
                generation,
                now);
        }
        else
        {
            ConditionSet.Set(
                conditions, MetricsBackendConditions.ApiServiceAvailable, ConditionSet.Unknown, ConditionReasons.AvailabilityUnknown,
                $"the aggregator has not reported on APIService {ChildNames.ApiService} yet", generation, now);
        }
    }

    private static void SetScraping(MetricsBackendStatus status, ScrapeStatusSummary scrape, long? generation, DateTime now)
    {
        status.Nodes = new NodeScrapeStatus
        {
            Total = scrape.Total,
            Scraped = scrape.Scraped,
            Failing = scrape.Failing,
            TopFailureReason = scrape.MostCommonFailure?.ToString(),
            Summary = $"{scrape.Scraped}/{scrape.Total}",
        };
        var (conditionStatus, reason, message) = scrape switch
        {
            { Total: 0 } => (ConditionSet.Unknown, ConditionReasons.NoNodesSeen, "no node has been scraped yet"),
            { Failing: 0 } => (ConditionSet.True, ConditionReasons.AllNodesScraped, $"all {scrape.Total} nodes scraped"),
            _ => (ConditionSet.False, ConditionReasons.NodesFailing,
                $"{scrape.Failing} of {scrape.Total} nodes failing; most common: {scrape.MostCommonFailure} on {scrape.MostCommonFailureCount} " +
                $"node(s), e.g. {scrape.ExampleNode}: {scrape.ExampleReason}"),
        };
        ConditionSet.Set(status.Conditions!, MetricsBackendConditions.ScrapingHealthy, conditionStatus, reason, message, generation, now);
    }

    private static string ConflictMessage(string foreignService) =>
        $"APIService {ChildNames.ApiService} belongs to another metrics backend ({foreignService}); " +
        "set spec.apiService.takeover to replace it (it is restored when this MetricsBackend is deleted)";

    private static (MetricsBackendStatus Status, long? Generation) Start(MetricsBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var current = backend.Status ?? new MetricsBackendStatus();
        var generation = backend.Metadata?.Generation;
        var status = new MetricsBackendStatus
        {
            ObservedGeneration = generation,
            Conditions = current.Conditions?.Select(Copy).ToList() ?? [],
            Nodes = current.Nodes,
            ServingCertificate = current.ServingCertificate,
        };
        return (status, generation);
    }

    private static V1Condition Copy(V1Condition c) => new()
    {
        Type = c.Type,
        Status = c.Status,
        Reason = c.Reason,
        Message = c.Message,
        ObservedGeneration = c.ObservedGeneration,
        LastTransitionTime = c.LastTransitionTime,
    };

    // metav1.Condition's reason rule: an aggregator reason that breaks it would make the status write fail.
    [GeneratedRegex(@"^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$")]
    private static partial Regex CamelCaseReason();

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
