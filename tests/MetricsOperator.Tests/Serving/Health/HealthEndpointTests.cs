using System.Net;
using MetricsOperator.Tests.Serving.Tls;

namespace MetricsOperator.Tests.Serving.Health;

/// <summary>The probe bodies, status codes and parameters, in the Kubernetes API server's format (E8).</summary>
public sealed class HealthEndpointTests
{
    [Test]
    public async Task Readyz_verbose_lists_every_check_in_order()
    {
        await using var harness = await HealthHarness.HealthyAsync();

        var (status, body) = await harness.GetAsync("/readyz?verbose");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Is.EqualTo(
            "[+]ping ok\n[+]log ok\n[+]serving-certificate ok\n[+]metric-storage-ready ok\n[+]metric-informer-sync ok\n[+]shutdown ok\nreadyz check passed\n"));
    }

    [Test]
    public async Task Livez_and_healthz_verbose_list_their_checks()
    {
        await using var harness = await HealthHarness.HealthyAsync();

        var livez = await harness.GetAsync("/livez?verbose=true");
        var healthz = await harness.GetAsync("/healthz?verbose");

        Assert.That(livez, Is.EqualTo((HttpStatusCode.OK, "[+]ping ok\n[+]log ok\n[+]metric-collection-timely ok\nlivez check passed\n")));
        Assert.That(healthz, Is.EqualTo((HttpStatusCode.OK, "[+]ping ok\n[+]log ok\n[+]metric-informer-sync ok\nhealthz check passed\n")));
    }

    [Test]
    public async Task A_passing_probe_says_ok_as_plain_text()
    {
        await using var harness = await HealthHarness.HealthyAsync();

        using var response = await harness.GetResponseAsync("/readyz");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("ok"));
        Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("text/plain; charset=utf-8"));
        Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
    }

    [Test]
    public async Task A_failing_check_makes_a_500_that_always_lists_the_checks_and_withholds_the_reason()
    {
        await using var harness = await HealthHarness.StartAsync();
        harness.NodesSynced = harness.PodsSynced = true;
        using var pki = new ServingPki(harness.Time);
        var issued = pki.Issue();
        harness.Certificates.UpdateFromPem(issued.Certificate, issued.Key, null);

        var (status, body) = await harness.GetAsync("/readyz");

        Assert.That(status, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(body, Is.EqualTo(
            "[+]ping ok\n[+]log ok\n[+]serving-certificate ok\n[-]metric-storage-ready failed: reason withheld\n[+]metric-informer-sync ok\n[+]shutdown ok\nreadyz check failed\n"));
    }

    [Test]
    public async Task Exclude_skips_checks_and_names_those_that_match_nothing()
    {
        await using var harness = await HealthHarness.HealthyAsync();
        harness.NodesSynced = false;

        var (status, body) = await harness.GetAsync("/readyz?verbose&exclude=metric-informer-sync&exclude=nope&exclude=also-nope&exclude=");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Is.EqualTo(
            "[+]ping ok\n[+]log ok\n[+]serving-certificate ok\n[+]metric-storage-ready ok\n[+]metric-informer-sync excluded: ok\n[+]shutdown ok\n"
            + "warn: some health checks cannot be excluded: no matches for \"also-nope\",\"nope\"\nreadyz check passed\n"));
    }

    [Test]
    public async Task Single_checks_answer_on_their_own_path_and_show_the_reason()
    {
        await using var harness = await HealthHarness.StartAsync();

        var storage = await harness.GetAsync("/readyz/metric-storage-ready");
        var informers = await harness.GetAsync("/healthz/metric-informer-sync");
        var ping = await harness.GetAsync("/livez/ping");
        var wrongProbe = await harness.GetAsync("/livez/metric-storage-ready");
        var unknown = await harness.GetAsync("/readyz/no-such-check");

        Assert.Multiple(() =>
        {
            Assert.That(storage, Is.EqualTo((HttpStatusCode.InternalServerError, "internal server error: no metrics to serve: 0 nodes and 0 pods have two points\n")));
            Assert.That(informers, Is.EqualTo((HttpStatusCode.InternalServerError, "internal server error: 2 informers not synced yet: nodes, pods\n")));
            Assert.That(ping, Is.EqualTo((HttpStatusCode.OK, "ok")));
            Assert.That(wrongProbe.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(unknown.Status, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task Changes_of_outcome_are_logged_with_their_reasons_once()
    {
        await using var harness = await HealthHarness.StartAsync();
        harness.NodesSynced = harness.PodsSynced = true;
        harness.MakeStoreReady();

        await harness.GetAsync("/readyz");
        await harness.GetAsync("/readyz");
        await harness.GetAsync("/readyz?exclude=serving-certificate");
        using var pki = new ServingPki(harness.Time);
        var issued = pki.Issue();
        harness.Certificates.UpdateFromPem(issued.Certificate, issued.Key, null);
        await harness.GetAsync("/readyz");
        await harness.GetAsync("/readyz");

        var probeLog = harness.Log.Entries.Where(e => e.EventId is 3101 or 3102).Select(e => e.Message).ToList();
        Assert.That(probeLog, Is.EqualTo(new[]
        {
            "readyz check failed: serving-certificate (serving the self-signed bootstrap certificate: no serving certificate was loaded yet)",
            "readyz check passed",
        }));
    }
}
