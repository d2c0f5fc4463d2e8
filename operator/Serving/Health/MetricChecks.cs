using System.Globalization;
using MetricsOperator.Scraping;
using MetricsOperator.Serving.Tls;
using MetricsOperator.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MetricsOperator.Serving.Health;

/// <summary>
/// <c>metric-storage-ready</c>: with an active MetricsBackend, ready only when node and pod metrics are servable
/// (a node and a pod have two points); with none active there is nothing to wait for.
/// </summary>
internal sealed class MetricStorageReadyCheck(MetricsStore store, IBackendActivity backend) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!backend.IsActive || store.IsReady)
        {
            return Task.FromResult(HealthCheckResult.Healthy());
        }

        var counts = store.Counts;
        return Task.FromResult(HealthCheckResult.Unhealthy(string.Create(
            CultureInfo.InvariantCulture,
            $"no metrics to serve: {counts.NodesWithPrev} nodes and {counts.PodsWithPrev} pods have two points")));
    }
}

/// <summary><c>metric-informer-sync</c>: the node and pod informers have completed their first list.</summary>
internal sealed class MetricInformerSyncCheck(InformerSyncRegistry informers) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var unsynced = informers.Unsynced();
        return Task.FromResult(unsynced.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy(string.Create(
                CultureInfo.InvariantCulture, $"{unsynced.Count} informers not synced yet: {string.Join(", ", unsynced)}")));
    }
}

/// <summary>
/// <c>metric-collection-timely</c> (liveness): scrape rounds keep starting. Fails when the last round started more
/// than 1.5 × the resolution ago; passes before the first round, after failed rounds and while no MetricsBackend
/// is active.
/// </summary>
internal sealed class MetricCollectionTimelyCheck(
    ScraperMetrics scraper, ScrapeSettingsSource settings, IBackendActivity backend, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!backend.IsActive || scraper.LastRoundStartedAt is not { } started)
        {
            return Task.FromResult(HealthCheckResult.Healthy());
        }

        var resolution = settings.Current.Resolution;
        var elapsed = time.GetUtcNow() - started;
        return Task.FromResult(elapsed <= resolution * 1.5
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy(string.Create(
                CultureInfo.InvariantCulture,
                $"metric collection didn't finish on time: the last scrape round started {elapsed.TotalSeconds:0.###}s ago, more than 1.5 × the {resolution.TotalSeconds:0.###}s resolution")));
    }
}

/// <summary>
/// <c>serving-certificate</c>: not ready while the self-signed bootstrap certificate is served for an active
/// MetricsBackend. With none active there is no Secret to wait for and nothing routed here, so a fresh install
/// (or a rollout before the first MetricsBackend) still becomes ready.
/// </summary>
internal sealed class ServingCertificateCheck(ServingCertificateSource certificates, IBackendActivity backend) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(certificates.IsBootstrap && backend.IsActive
            ? HealthCheckResult.Unhealthy("serving the self-signed bootstrap certificate: no serving certificate was loaded yet")
            : HealthCheckResult.Healthy());
}
