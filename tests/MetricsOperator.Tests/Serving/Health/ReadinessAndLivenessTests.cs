using System.Net;
using MetricsOperator.Serving.Health;
using MetricsOperator.Tests.Scraping;
using MetricsOperator.Tests.Serving.Tls;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricsOperator.Tests.Serving.Health;

/// <summary>
/// Ready once the informers synced and either no MetricsBackend is active or node and pod metrics are servable,
/// with a real serving certificate, until shutdown; live unless scrape rounds stop starting (H1 to H5).
/// </summary>
public sealed class ReadinessAndLivenessTests
{
    [Test]
    public async Task Not_ready_until_the_informers_synced_and_metrics_are_servable()
    {
        await using var harness = await HealthHarness.HealthyAsync();
        harness.NodesSynced = false;
        var unsynced = await harness.GetAsync("/readyz/metric-informer-sync");
        var unsyncedHealthz = await harness.GetAsync("/healthz");
        harness.NodesSynced = true;
        var synced = await harness.GetAsync("/readyz");

        Assert.Multiple(() =>
        {
            Assert.That(unsynced, Is.EqualTo((HttpStatusCode.InternalServerError, "internal server error: 1 informers not synced yet: nodes\n")));
            Assert.That(unsyncedHealthz.Status, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(synced, Is.EqualTo((HttpStatusCode.OK, "ok")));
        });
    }

    [Test]
    public async Task H5_storage_readiness_waits_for_node_and_pod_metrics_while_a_backend_is_active()
    {
        await using var harness = await HealthHarness.StartAsync();

        var empty = await harness.GetAsync("/readyz/metric-storage-ready");
        harness.Backend.Set(false);
        var noBackend = await harness.GetAsync("/readyz/metric-storage-ready");
        harness.Backend.Set(true);
        harness.MakeStoreReady();
        var servable = await harness.GetAsync("/readyz/metric-storage-ready");

        Assert.That(empty.Status, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(noBackend, Is.EqualTo((HttpStatusCode.OK, "ok")), "no MetricsBackend: nothing to wait for");
        Assert.That(servable, Is.EqualTo((HttpStatusCode.OK, "ok")));
    }

    [Test]
    public async Task Not_ready_while_the_bootstrap_certificate_is_served()
    {
        await using var harness = await HealthHarness.StartAsync();

        var bootstrap = await harness.GetAsync("/readyz/serving-certificate");
        using var pki = new ServingPki(harness.Time);
        var issued = pki.Issue();
        harness.Certificates.UpdateFromPem(issued.Certificate, issued.Key, null);
        var real = await harness.GetAsync("/readyz/serving-certificate");

        Assert.That(bootstrap, Is.EqualTo((HttpStatusCode.InternalServerError, "internal server error: serving the self-signed bootstrap certificate: no serving certificate was loaded yet\n")));
        Assert.That(real, Is.EqualTo((HttpStatusCode.OK, "ok")));
    }

    [Test]
    public async Task Without_an_active_MetricsBackend_the_bootstrap_certificate_does_not_hold_readiness()
    {
        await using var harness = await HealthHarness.StartAsync();

        harness.Backend.Set(false);
        var noBackend = await harness.GetAsync("/readyz/serving-certificate");
        harness.Backend.Set(true);
        var active = await harness.GetAsync("/readyz/serving-certificate");

        Assert.That(noBackend, Is.EqualTo((HttpStatusCode.OK, "ok")), "no Secret to wait for");
        Assert.That(active.Item1, Is.EqualTo(HttpStatusCode.InternalServerError));
    }

    [Test]
    public async Task H1_H3_H4_live_until_no_round_started_for_one_and_a_half_resolutions()
    {
        await using var harness = await HealthHarness.HealthyAsync();
        var beforeFirstRound = await harness.GetAsync("/livez");

        harness.Scraper.RecordRoundStarted(harness.Time.GetUtcNow());
        harness.Time.Advance(HealthHarness.Resolution);
        var oneResolution = await harness.GetAsync("/livez");
        harness.Time.Advance(HealthHarness.Resolution / 2);
        var atTheLimit = await harness.GetAsync("/livez");
        harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        var pastTheLimit = await harness.GetAsync("/livez");
        var reason = await harness.GetAsync("/livez/metric-collection-timely");
        harness.Time.Advance(HealthHarness.Resolution / 2);
        var twoResolutions = await harness.GetAsync("/livez?verbose");

        Assert.Multiple(() =>
        {
            Assert.That(beforeFirstRound.Status, Is.EqualTo(HttpStatusCode.OK), "H1");
            Assert.That(oneResolution.Status, Is.EqualTo(HttpStatusCode.OK), "H3");
            Assert.That(atTheLimit.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(pastTheLimit.Status, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(reason.Body, Is.EqualTo(
                "internal server error: metric collection didn't finish on time: the last scrape round started 22.501s ago, more than 1.5 × the 15s resolution\n"));
            Assert.That(twoResolutions, Is.EqualTo((HttpStatusCode.InternalServerError,
                "[+]ping ok\n[+]log ok\n[-]metric-collection-timely failed: reason withheld\nlivez check failed\n")), "H4");
        });
    }

    [Test]
    public async Task A_stuck_loop_does_not_matter_while_no_backend_is_active()
    {
        await using var harness = await HealthHarness.HealthyAsync();
        harness.Scraper.RecordRoundStarted(harness.Time.GetUtcNow());
        harness.Time.Advance(HealthHarness.Resolution * 3);

        harness.Backend.Set(false);

        Assert.That(await harness.GetAsync("/livez"), Is.EqualTo((HttpStatusCode.OK, "ok")));
    }

    [Test]
    public async Task H2_a_round_whose_scrapes_failed_still_counts_as_started()
    {
        using var scraper = new ScraperHarness();
        scraper.AddKubelets(new KubeletBehaviour { Status = HttpStatusCode.BadGateway }, "broken");
        var startedAt = scraper.Time.GetUtcNow();

        var round = await scraper.Loop.RunRoundAsync(CancellationToken.None);
        var check = new MetricCollectionTimelyCheck(scraper.Metrics, scraper.Settings, new BackendActivity(), scraper.Time);
        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.That(round.Failed, Is.EqualTo(1));
        Assert.That(scraper.Metrics.LastRoundStartedAt, Is.EqualTo(startedAt));
        Assert.That(result.Status, Is.EqualTo(HealthStatus.Healthy));
    }

    [Test]
    public async Task Not_ready_once_shutdown_began()
    {
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        var check = new ShutdownCheck(lifetime);
        var running = await check.CheckHealthAsync(new HealthCheckContext());

        lifetime.StopApplication();
        var stopping = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.That(running.Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That((stopping.Status, stopping.Description), Is.EqualTo((HealthStatus.Unhealthy, "process is shutting down")));
    }

    [Test]
    public async Task Blocked_log_output_fails_the_log_check_until_a_flush_completes_again()
    {
        await using var harness = await HealthHarness.HealthyAsync();
        harness.BlockLogOutput();

        harness.Time.Advance(TimeSpan.FromMinutes(1));
        harness.Time.Advance(TimeSpan.FromSeconds(59));
        var notYet = await harness.GetAsync("/livez/log");
        harness.Time.Advance(TimeSpan.FromSeconds(2));
        var blocked = await harness.GetAsync("/livez/log");
        harness.UnblockLogOutput();
        var recovered = await Eventually(harness, async () => (await harness.GetAsync("/livez/log")).Status == HttpStatusCode.OK);

        Assert.That(notYet.Status, Is.EqualTo(HttpStatusCode.OK), "under two minutes since the last flush");
        Assert.That(blocked, Is.EqualTo((HttpStatusCode.InternalServerError, "internal server error: logging blocked: the last log flush completed 121s ago\n")));
        Assert.That(recovered, Is.True);
    }

    // The flush that was blocked completes on a pool thread once released; later flushes come with the clock.
    private static async Task<bool> Eventually(HealthHarness harness, Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await condition())
            {
                return true;
            }

            harness.Time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(10);
        }

        return false;
    }
}
