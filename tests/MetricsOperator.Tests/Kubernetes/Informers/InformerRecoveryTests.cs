using System.Net;
using k8s.Autorest;
using k8s.Models;
using MetricsOperator.Kubernetes.Informers;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Tests.Kubernetes.Testing;
using static MetricsOperator.Tests.Kubernetes.Testing.TestObjects;

namespace MetricsOperator.Tests.Kubernetes.Informers;

public sealed class InformerRecoveryTests
{
    private static readonly InformerOptions Options = InformerHarness.Options;

    private static IEnumerable<TestCaseData> GoneExceptions()
    {
        yield return new TestCaseData(new KubernetesApiException(HttpStatusCode.Gone, null, "410 from the metadata source"))
            .SetName("Http_410_from_our_HTTP_source_relists");
        yield return new TestCaseData(new HttpOperationException("410 from the typed client")
        {
            Response = new HttpResponseMessageWrapper(new HttpResponseMessage(HttpStatusCode.Gone), string.Empty),
        }).SetName("Http_410_from_the_typed_client_relists");
    }

    [Test]
    public async Task Gone_error_event_relists_at_once_and_reports_deletions_found_by_the_relist()
    {
        await using var harness = new InformerHarness();
        var handler = new RecordingHandler<V1ConfigMap>();
        harness.Cache.AddEventHandler(handler);
        var surfaced = new List<V1Status>();
        harness.Informer.WatchErrorReceived += surfaced.Add;
        harness.Source.EnqueueList("10", ConfigMap("a", "5"), ConfigMap("b", "6"));
        harness.Start();
        var first = await harness.Source.NextWatchAsync();
        handler.Clear();

        harness.Source.EnqueueList("30", ConfigMap("b", "29"), ConfigMap("c", "28"));
        first.Error(Status(410, "Expired", "too old resource version: 10 (25)"));
        var second = await harness.Source.NextWatchAsync();

        Assert.Multiple(() =>
        {
            Assert.That(handler.Calls, Is.EquivalentTo(new[] { "deleted a@5", "updated b@6->29", "added c@28" }));
            Assert.That(handler.Calls[0], Is.EqualTo("deleted a@5"), "deletions come first");
            Assert.That(harness.CachedNames(), Is.EqualTo(new[] { "b", "c" }));
            Assert.That(second.Request.ResourceVersion, Is.EqualTo("30"));
            Assert.That(harness.Source.ListRequests, Has.Count.EqualTo(2));
            Assert.That(surfaced.Select(s => s.Code), Is.EqualTo(new int?[] { 410 }));
            Assert.That(harness.Informer.WatchErrorCount, Is.EqualTo(1));
            Assert.That(harness.Logger.Entries.Any(e => e.EventId == 1106 && e.Message.Contains("too old resource version")), Is.True);
        });
    }

    [TestCaseSource(nameof(GoneExceptions))]
    public async Task Http_410_when_starting_the_watch_relists(Exception gone)
    {
        await using var harness = new InformerHarness();
        harness.Source.EnqueueList("10", ConfigMap("a", "5"));
        harness.Start();
        var first = await harness.Source.NextWatchAsync();

        harness.Source.EnqueueList("40");
        first.Fail(gone);
        var second = await harness.Source.NextWatchAsync();

        Assert.Multiple(() =>
        {
            Assert.That(second.Request.ResourceVersion, Is.EqualTo("40"));
            Assert.That(harness.CachedNames(), Is.Empty);
        });
    }

    [Test]
    public async Task Repeated_expiry_without_progress_backs_off_before_relisting()
    {
        await using var harness = new InformerHarness();
        harness.Source.EnqueueList("10");
        harness.Start();
        var first = await harness.Source.NextWatchAsync();

        harness.Source.EnqueueList("20");
        first.Error(Status(410, "Gone"));
        var second = await harness.Source.NextWatchAsync();
        harness.Source.EnqueueList("30");
        second.Error(Status(410, "Gone"));
        var delay = await harness.NextBackoffAsync();

        Assert.Multiple(() =>
        {
            Assert.That(delay, Is.InRange(Options.InitialBackoff * (1 - Options.BackoffJitter), Options.InitialBackoff));
            Assert.That(harness.Source.ListRequests, Has.Count.EqualTo(2), "the second relist waits for the backoff");
        });
        harness.Time.Advance(delay);
        var third = await harness.Source.NextWatchAsync();
        Assert.That(third.Request.ResourceVersion, Is.EqualTo("30"));
    }

    [Test]
    public async Task Watch_failures_reconnect_from_the_same_version_with_growing_jittered_capped_backoff()
    {
        await using var harness = new InformerHarness();
        harness.Source.EnqueueList("10");
        harness.Start();
        var watch = await harness.Source.NextWatchAsync();
        var delays = new List<TimeSpan>();

        for (var failure = 1; failure <= 7; failure++)
        {
            watch.Fail(new IOException("The response ended prematurely"));
            var delay = await harness.NextBackoffAsync();
            var ceiling = TimeSpan.FromTicks(Math.Min(Options.MaxBackoff.Ticks, Options.InitialBackoff.Ticks << (failure - 1)));
            Assert.That(delay, Is.InRange(ceiling * (1 - Options.BackoffJitter), ceiling), $"delay after failure {failure}");
            delays.Add(delay);

            harness.Time.Advance(delay - TimeSpan.FromTicks(1));
            Assert.That(harness.Source.HasPendingWatch, Is.False, "no reconnect before the delay is over");
            harness.Time.Advance(TimeSpan.FromTicks(1));
            watch = await harness.Source.NextWatchAsync();
            Assert.That(watch.Request.ResourceVersion, Is.EqualTo("10"));
        }

        Assert.Multiple(() =>
        {
            Assert.That(delays.Take(5), Is.Ordered.Ascending, "delays grow until the cap");
            Assert.That(delays.Skip(5), Is.All.InRange(Options.MaxBackoff * (1 - Options.BackoffJitter), Options.MaxBackoff));
            Assert.That(delays.Distinct().Count(), Is.EqualTo(delays.Count), "jittered: no two delays alike");
            Assert.That(harness.Source.ListRequests, Has.Count.EqualTo(1), "transport failures resume the watch, they do not relist");
        });

        // Progress (an event) resets the backoff.
        watch.Added(ConfigMap("a", "11"));
        await watch.DrainedAsync();
        watch.Fail(new IOException("connection reset"));
        Assert.That(await harness.NextBackoffAsync(), Is.InRange(Options.InitialBackoff * (1 - Options.BackoffJitter), Options.InitialBackoff));
    }

    [Test]
    public async Task List_failures_back_off_and_the_informer_syncs_once_a_list_succeeds()
    {
        await using var harness = new InformerHarness();
        harness.Source.EnqueueListFailure(new HttpRequestException("connection refused"));
        harness.Source.EnqueueListFailure(new KubernetesApiException(HttpStatusCode.Forbidden, null, "configmaps is forbidden"));
        harness.Source.EnqueueList("10", ConfigMap("a", "5"));
        harness.Start();

        var first = await harness.NextBackoffAsync();
        harness.Time.Advance(first);
        var second = await harness.NextBackoffAsync();
        Assert.That(harness.Informer.HasSynced, Is.False);
        harness.Time.Advance(second);
        await harness.Source.NextWatchAsync();

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.GreaterThan(first));
            Assert.That(harness.Informer.HasSynced, Is.True);
            Assert.That(harness.Logger.Entries.Where(e => e.EventId == 1104).Select(e => e.Exception?.Message),
                Is.EqualTo(new[] { "connection refused", "configmaps is forbidden" }));
        });
    }

    [Test]
    public async Task A_list_that_never_answers_times_out_and_is_retried()
    {
        await using var harness = new InformerHarness();
        harness.Source.EnqueueHangingList();
        harness.Source.EnqueueList("10", ConfigMap("a", "5"));
        harness.Start();
        await harness.Time.NextTimerAsync(due => due == Options.ListTimeout);

        harness.Time.Advance(Options.ListTimeout);
        harness.Time.Advance(await harness.NextBackoffAsync());
        await harness.Informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(InformerHarness.Guard);

        var failure = harness.Logger.Entries.Single(e => e.EventId == 1104).Exception;
        Assert.Multiple(() =>
        {
            Assert.That(failure, Is.TypeOf<TimeoutException>());
            Assert.That(failure!.Message, Is.EqualTo("listing configmaps took longer than 00:10:00"));
            Assert.That(harness.CachedNames(), Is.EqualTo(new[] { "a" }));
        });
    }

    [Test]
    public async Task Silent_watch_is_restarted_by_the_watchdog_and_events_postpone_it()
    {
        await using var harness = new InformerHarness();
        harness.Source.EnqueueList("10");
        harness.Start();
        var first = await harness.Source.NextWatchAsync();
        var start = first.OpenedAt;

        // Events at 2 and 4 minutes: the watch is alive (it keeps consuming) although 4 > 3 minutes have passed.
        harness.Time.Advance(TimeSpan.FromMinutes(2));
        first.Bookmark(Bookmark("21"));
        await first.DrainedAsync();
        harness.Time.Advance(TimeSpan.FromMinutes(2));
        first.Bookmark(Bookmark("22"));
        await first.DrainedAsync();
        Assert.That(harness.Source.WatchCount, Is.EqualTo(1));

        harness.Time.Advance(TimeSpan.FromMinutes(3) - TimeSpan.FromTicks(1));
        Assert.That(harness.Source.HasPendingWatch, Is.False);
        harness.Time.Advance(TimeSpan.FromTicks(1));
        var second = await harness.Source.NextWatchAsync();
        await first.Ended.WaitAsync(InformerHarness.Guard);

        Assert.Multiple(() =>
        {
            Assert.That(second.OpenedAt - start, Is.EqualTo(TimeSpan.FromMinutes(7)), "3 minutes of silence after the last event");
            Assert.That(second.Request.ResourceVersion, Is.EqualTo("22"));
            Assert.That(harness.Source.ListRequests, Has.Count.EqualTo(1), "a silent watch resumes, it does not relist");
            Assert.That(harness.Logger.Entries.Any(e => e.EventId == 1109), Is.True);
        });
    }

    [Test]
    public async Task Error_events_are_surfaced_logged_counted_and_the_watch_resumes_after_backoff()
    {
        using var metrics = new MetricRecorder();
        await using var harness = new InformerHarness(metrics: new InformerMetrics(metrics));
        var surfaced = new List<V1Status>();
        harness.Informer.WatchErrorReceived += surfaced.Add;
        harness.Informer.WatchErrorReceived += _ => throw new InvalidOperationException("a broken subscriber");
        harness.Source.EnqueueList("10");
        harness.Start();
        var first = await harness.Source.NextWatchAsync();
        first.Bookmark(Bookmark("15"));

        first.Error(Status(500, "InternalError", "etcdserver: leader changed"));
        var delay = await harness.NextBackoffAsync();
        harness.Time.Advance(delay);
        var second = await harness.Source.NextWatchAsync();

        Assert.Multiple(() =>
        {
            Assert.That(surfaced.Select(s => s.Message), Is.EqualTo(new[] { "etcdserver: leader changed" }));
            Assert.That(harness.Informer.WatchErrorCount, Is.EqualTo(1));
            Assert.That(harness.Logger.Entries.Where(e => e.EventId == 1107).Select(e => (e.Level, e.Message)),
                Has.One.Matches<(LogLevel Level, string Message)>(e => e.Level == LogLevel.Warning && e.Message.Contains("500 InternalError: etcdserver: leader changed")));
            Assert.That(harness.Logger.Entries.Any(e => e.EventId == 1114), Is.True, "the broken subscriber is logged, not fatal");
            Assert.That(metrics.Sum("metrics_operator.informer.watch.errors", "code", 500), Is.EqualTo(1));
            Assert.That(metrics.Sum("metrics_operator.informer.events", "type", "bookmark"), Is.EqualTo(1));
            Assert.That(metrics.Sum("metrics_operator.informer.lists", "resource", "configmaps"), Is.EqualTo(1));
            Assert.That(second.Request.ResourceVersion, Is.EqualTo("15"), "a non-410 error resumes from the last version");
            Assert.That(harness.Source.ListRequests, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task An_undecodable_event_relists_because_the_event_is_lost()
    {
        await using var harness = new InformerHarness();
        harness.Source.EnqueueList("10", ConfigMap("a", "5"));
        harness.Start();
        var first = await harness.Source.NextWatchAsync();

        harness.Source.EnqueueList("50", ConfigMap("a", "5"), ConfigMap("b", "49"));
        first.Error(WatchStatuses.Malformed("undecodable watch event: {\"type\":\"ADDED\",\"object\":{\"metadata\":7}}"));
        var second = await harness.Source.NextWatchAsync();

        Assert.Multiple(() =>
        {
            Assert.That(harness.Source.ListRequests, Has.Count.EqualTo(2));
            Assert.That(harness.CachedNames(), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(second.Request.ResourceVersion, Is.EqualTo("50"));
        });
    }

    [Test]
    public async Task A_watch_closing_at_once_without_events_counts_as_a_failure()
    {
        await using var harness = new InformerHarness();
        harness.Source.EnqueueList("10");
        harness.Start();
        var first = await harness.Source.NextWatchAsync();

        first.Close();
        var delay = await harness.NextBackoffAsync();
        harness.Time.Advance(delay);
        var second = await harness.Source.NextWatchAsync();

        Assert.Multiple(() =>
        {
            Assert.That(delay, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(second.Request.ResourceVersion, Is.EqualTo("10"));
            Assert.That(harness.Logger.Entries.Any(e => e.EventId == 1110), Is.True);
        });
    }
}
