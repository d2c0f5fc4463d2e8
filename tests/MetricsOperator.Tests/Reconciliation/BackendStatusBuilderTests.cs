using k8s;
using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Reconciliation;
using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Reconciliation;

public sealed class BackendStatusBuilderTests
{
    private static readonly DateTime Now = new(2026, 11, 28, 3, 0, 0, 250, DateTimeKind.Utc);
    private static readonly DateTimeOffset ServingNotAfter = new(2027, 11, 28, 3, 0, 0, TimeSpan.Zero);
    private static readonly ScrapeStatusSummary AllScraped = new(3, 3, 0, null, 0, null, null);

    [Test]
    public void AHealthyBackendIsReadyWithEveryConditionTrue()
    {
        var backend = TestBackends.Create(generation: 4);

        var status = BackendStatusBuilder.Active(backend, HealthyReport(backend), Now);

        Assert.Multiple(() =>
        {
            Assert.That(status.ObservedGeneration, Is.EqualTo(4));
            AssertCondition(status, MetricsBackendConditions.Ready, "True", "Ready", "3/3 nodes scraped");
            AssertCondition(status, MetricsBackendConditions.CertificatesReady, "True", "CertificatesValid", "2027-11-28T03:00:00Z");
            AssertCondition(status, MetricsBackendConditions.ApiServiceAvailable, "True", "Passed", "all checks passed");
            AssertCondition(status, MetricsBackendConditions.ScrapingHealthy, "True", "AllNodesScraped", "all 3 nodes");
            Assert.That(status.Conditions!.Select(c => c.ObservedGeneration), Is.All.EqualTo(4));
            Assert.That(status.Conditions!.Select(c => c.LastTransitionTime), Is.All.EqualTo(new DateTime(2026, 11, 28, 3, 0, 0, DateTimeKind.Utc)), "whole seconds");
            Assert.That(status.Nodes!.Summary, Is.EqualTo("3/3"));
            Assert.That(status.ServingCertificate!.NotAfter, Is.EqualTo(ServingNotAfter.UtcDateTime));
        });
    }

    [Test]
    public void TheApiServiceVerdictIsMirroredAndKeepsReadyFalse()
    {
        var backend = TestBackends.Create();
        var report = HealthyReport(backend);
        report.ApiService = ApiServiceReport.Applied(
            TestApiServices.OwnedBy(backend, "False", "FailedDiscoveryCheck", "failing or missing response from https://10.0.0.1:443"));

        var status = BackendStatusBuilder.Active(backend, report, Now);

        Assert.Multiple(() =>
        {
            AssertCondition(status, MetricsBackendConditions.ApiServiceAvailable, "False", "FailedDiscoveryCheck", "failing or missing response");
            AssertCondition(status, MetricsBackendConditions.Ready, "False", "APIServiceNotAvailable", "failing or missing response");
        });
    }

    [Test]
    public void AnApiServiceNotYetCheckedIsUnknown()
    {
        var backend = TestBackends.Create();
        var report = HealthyReport(backend);
        report.ApiService = ApiServiceReport.Applied(TestApiServices.OwnedBy(backend));

        var status = BackendStatusBuilder.Active(backend, report, Now);

        Assert.Multiple(() =>
        {
            AssertCondition(status, MetricsBackendConditions.ApiServiceAvailable, "Unknown", "AvailabilityUnknown", "not reported");
            AssertCondition(status, MetricsBackendConditions.Ready, "False", "APIServiceNotAvailable", "not available");
        });
    }

    [Test]
    public void AnAggregatorReasonBreakingTheConditionRulesIsReplaced()
    {
        var backend = TestBackends.Create();
        var report = HealthyReport(backend);
        report.ApiService = ApiServiceReport.Applied(TestApiServices.OwnedBy(backend, "False", "service not found", "no Service"));

        var status = BackendStatusBuilder.Active(backend, report, Now);

        AssertCondition(status, MetricsBackendConditions.ApiServiceAvailable, "False", "AvailabilityUnknown", "no Service");
    }

    [Test]
    public void AForeignApiServiceIsAConflictNamingItsService()
    {
        var backend = TestBackends.Create();
        var report = HealthyReport(backend);
        report.ApiService = ApiServiceReport.Conflict("Service kube-system/metrics-server");

        var status = BackendStatusBuilder.Active(backend, report, Now);

        Assert.Multiple(() =>
        {
            AssertCondition(status, MetricsBackendConditions.Ready, "False", "APIServiceConflict", "Service kube-system/metrics-server");
            AssertCondition(status, MetricsBackendConditions.Ready, "False", "APIServiceConflict", "takeover");
            AssertCondition(status, MetricsBackendConditions.ApiServiceAvailable, "False", "APIServiceConflict", "kube-system/metrics-server");
        });
    }

    [Test]
    public void AFailedCallIsNamedAndFailsTheStepItBelongsTo()
    {
        var backend = TestBackends.Create();
        var report = new BackendReport
        {
            Scrape = AllScraped,
            Failure = new ApiCallFailure("apply Secret metrics-operator/metrics-operator-ca", "403 Forbidden: secrets is forbidden", DuringCertificates: true),
        };

        var status = BackendStatusBuilder.Active(backend, report, Now);

        Assert.Multiple(() =>
        {
            AssertCondition(status, MetricsBackendConditions.Ready, "False", "KubernetesApiError", "apply Secret metrics-operator/metrics-operator-ca failed: 403 Forbidden");
            AssertCondition(status, MetricsBackendConditions.CertificatesReady, "False", "KubernetesApiError", "403");
            Assert.That(ConditionOf(status, MetricsBackendConditions.ApiServiceAvailable), Is.Null, "a step not reached reports nothing");
        });
    }

    [Test]
    public void WithoutCertificatesTheBackendIsNotReady()
    {
        var backend = TestBackends.Create();
        var report = HealthyReport(backend);
        report.Certificates = null;

        var status = BackendStatusBuilder.Active(backend, report, Now);

        AssertCondition(status, MetricsBackendConditions.Ready, "False", "CertificatesNotReady", "not published");
    }

    [Test]
    public void FailingNodesAreCountedWithTheMostCommonReason()
    {
        var backend = TestBackends.Create();
        var report = HealthyReport(backend);
        report.Scrape = new ScrapeStatusSummary(10, 7, 3, ScrapeFailureKind.Timeout, 2, "node-a", "no answer within 10s");

        var status = BackendStatusBuilder.Active(backend, report, Now);

        Assert.Multiple(() =>
        {
            Assert.That(status.Nodes!.Total, Is.EqualTo(10));
            Assert.That(status.Nodes.Scraped, Is.EqualTo(7));
            Assert.That(status.Nodes.Failing, Is.EqualTo(3));
            Assert.That(status.Nodes.TopFailureReason, Is.EqualTo("Timeout"));
            Assert.That(status.Nodes.Summary, Is.EqualTo("7/10"));
            AssertCondition(status, MetricsBackendConditions.ScrapingHealthy, "False", "NodesFailing", "3 of 10 nodes failing; most common: Timeout on 2 node(s), e.g. node-a: no answer within 10s");
            AssertCondition(status, MetricsBackendConditions.Ready, "True", "Ready", "7/10");
        });
    }

    [Test]
    public void NoNodeScrapedAtAllIsNotReady()
    {
        var backend = TestBackends.Create();
        var report = HealthyReport(backend);
        report.Scrape = new ScrapeStatusSummary(2, 0, 2, ScrapeFailureKind.Tls, 2, "node-a", "certificate did not verify");

        var status = BackendStatusBuilder.Active(backend, report, Now);

        AssertCondition(status, MetricsBackendConditions.Ready, "False", "NoNodesScraped", "Tls");
    }

    [Test]
    public void NoNodeSeenYetIsUnknownScraping()
    {
        var backend = TestBackends.Create();
        var report = HealthyReport(backend);
        report.Scrape = new ScrapeStatusSummary(0, 0, 0, null, 0, null, null);

        var status = BackendStatusBuilder.Active(backend, report, Now);

        AssertCondition(status, MetricsBackendConditions.ScrapingHealthy, "Unknown", "NoNodesSeen", "no node");
    }

    [Test]
    public void AnUnchangedSituationGivesAnEqualStatusWithTheFirstTransitionTimes()
    {
        var backend = TestBackends.Create();
        backend.Status = BackendStatusBuilder.Active(backend, HealthyReport(backend), Now);
        var before = KubernetesJson.Serialize(backend.Status);

        var again = BackendStatusBuilder.Active(backend, HealthyReport(backend), Now.AddMinutes(10));

        Assert.That(KubernetesJson.Serialize(again), Is.EqualTo(before));
    }

    [Test]
    public void OnlyAFlipMovesTheTransitionTime()
    {
        var backend = TestBackends.Create();
        backend.Status = BackendStatusBuilder.Active(backend, HealthyReport(backend), Now);
        var report = HealthyReport(backend);
        report.Scrape = new ScrapeStatusSummary(3, 2, 1, ScrapeFailureKind.Connection, 1, "n", "refused");

        var later = Now.AddMinutes(10);
        var status = BackendStatusBuilder.Active(backend, report, later);

        Assert.Multiple(() =>
        {
            Assert.That(ConditionOf(status, MetricsBackendConditions.ScrapingHealthy)!.LastTransitionTime, Is.EqualTo(later.AddMilliseconds(-250)));
            Assert.That(ConditionOf(status, MetricsBackendConditions.Ready)!.LastTransitionTime, Is.EqualTo(Now.AddMilliseconds(-250)), "still True");
            Assert.That(backend.Status.Conditions!.Single(c => c.Type == MetricsBackendConditions.ScrapingHealthy).Status, Is.EqualTo("True"), "the stored status is not modified");
        });
    }

    [Test]
    public void ASupersededBackendReportsTheActiveOneAndNothingElse()
    {
        var backend = TestBackends.Create("second", generation: 2);
        backend.Status = BackendStatusBuilder.Active(backend, HealthyReport(backend), Now);

        var status = BackendStatusBuilder.Superseded(backend, "first", Now);

        Assert.Multiple(() =>
        {
            Assert.That(status.Conditions!.Select(c => c.Type), Is.EqualTo(new[] { MetricsBackendConditions.Ready }));
            AssertCondition(status, MetricsBackendConditions.Ready, "False", "Superseded", "MetricsBackend first");
            Assert.That(status.Nodes, Is.Null);
            Assert.That(status.ServingCertificate, Is.Null);
            Assert.That(status.ObservedGeneration, Is.EqualTo(2));
        });
    }

    [Test]
    public void AnInvalidSpecListsEveryError()
    {
        var backend = TestBackends.Create();

        var status = BackendStatusBuilder.InvalidSpec(
            backend, ["spec.scraping.timeout: 14s is above 90% of the resolution (13.5s)", "spec.serving.podSelector: empty"], AllScraped, Now);

        Assert.Multiple(() =>
        {
            AssertCondition(status, MetricsBackendConditions.Ready, "False", "InvalidSpec", "spec.scraping.timeout: 14s is above 90% of the resolution (13.5s); spec.serving.podSelector: empty");
            AssertCondition(status, MetricsBackendConditions.ScrapingHealthy, "True", "AllNodesScraped", "3");
        });
    }

    private static BackendReport HealthyReport(MetricsBackend backend) => new()
    {
        Certificates = new CertificateReport(ServingNotAfter, ServingNotAfter.AddYears(4)),
        ApiService = ApiServiceReport.Applied(TestApiServices.OwnedBy(backend, "True")),
        Scrape = AllScraped,
    };

    private static V1Condition? ConditionOf(MetricsBackendStatus status, string type) => status.Conditions?.SingleOrDefault(c => c.Type == type);

    private static void AssertCondition(MetricsBackendStatus status, string type, string expectedStatus, string reason, string messagePart)
    {
        var condition = ConditionOf(status, type);
        Assert.That(condition, Is.Not.Null, type);
        Assert.That((condition!.Status, condition.Reason), Is.EqualTo((expectedStatus, reason)), type);
        Assert.That(condition.Message, Does.Contain(messagePart), type);
    }
}
