using k8s.Models;
using MetricsOperator.Kubernetes.Informers;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Tests.Kubernetes.Testing;
using static MetricsOperator.Tests.Kubernetes.Testing.TestObjects;

namespace MetricsOperator.Tests.Kubernetes.Informers;

public sealed class InformerSyncTests
{
    private static readonly TimeSpan Guard = InformerHarness.Guard;

    [Test]
    public async Task Initial_list_fills_the_cache_then_watches_from_the_list_version()
    {
        await using var harness = new InformerHarness();
        harness.Source.EnqueueList("10", ConfigMap("a", "5"), ConfigMap("b", "6"));
        Assert.That(harness.Informer.HasSynced, Is.False);

        harness.Start();
        await harness.Informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(Guard);
        var watch = await harness.Source.NextWatchAsync();

        Assert.Multiple(() =>
        {
            Assert.That(harness.Informer.HasSynced, Is.True);
            Assert.That(harness.CachedNames(), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(watch.Request.ResourceVersion, Is.EqualTo("10"));
            Assert.That(watch.Request.AllowBookmarks, Is.True);
            Assert.That(watch.Request.Timeout, Is.InRange(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10)));
            Assert.That(harness.Source.ListRequests, Is.EqualTo(new[] { new ListRequest(2, null) }));
        });
    }

    [Test]
    public async Task Watch_events_add_update_and_delete_and_reach_handlers_in_order()
    {
        await using var harness = new InformerHarness();
        var handler = new RecordingHandler<V1ConfigMap>();
        harness.Cache.AddEventHandler(handler);
        harness.Source.EnqueueList("10", ConfigMap("a", "5"), ConfigMap("b", "6"));
        harness.Start();
        var watch = await harness.Source.NextWatchAsync();

        watch.Added(ConfigMap("c", "11"));
        watch.Modified(ConfigMap("b", "12"));
        watch.Deleted(ConfigMap("a", "13"));
        await watch.DrainedAsync();

        Assert.Multiple(() =>
        {
            Assert.That(handler.Calls, Is.EqualTo(new[]
            {
                "added a@5", "added b@6", "added c@11", "updated b@6->12", "deleted a@13",
            }));
            Assert.That(harness.CachedNames(), Is.EqualTo(new[] { "b", "c" }));
            Assert.That(harness.Informer.ResourceVersion, Is.EqualTo("13"));
        });
    }

    [Test]
    public async Task Events_advance_the_resource_version_the_next_watch_resumes_from()
    {
        await using var harness = new InformerHarness();
        harness.Source.EnqueueList("10");
        harness.Start();
        var first = await harness.Source.NextWatchAsync();

        first.Added(ConfigMap("a", "17"));
        first.Close();
        var second = await harness.Source.NextWatchAsync();

        Assert.Multiple(() =>
        {
            Assert.That(second.Request.ResourceVersion, Is.EqualTo("17"));
            Assert.That(harness.Source.ListRequests, Has.Count.EqualTo(1), "a closed watch resumes without relisting");
        });
    }

    [Test]
    public async Task Bookmarks_advance_the_resource_version_without_touching_the_cache()
    {
        await using var harness = new InformerHarness();
        var handler = new RecordingHandler<V1ConfigMap>();
        harness.Cache.AddEventHandler(handler);
        harness.Source.EnqueueList("10", ConfigMap("a", "5"));
        harness.Start();
        var first = await harness.Source.NextWatchAsync();

        first.Bookmark(Bookmark("25"));
        await first.DrainedAsync();
        Assert.That(harness.Informer.ResourceVersion, Is.EqualTo("25"));

        first.Close();
        var second = await harness.Source.NextWatchAsync();

        Assert.Multiple(() =>
        {
            Assert.That(second.Request.ResourceVersion, Is.EqualTo("25"));
            Assert.That(harness.CachedNames(), Is.EqualTo(new[] { "a" }));
            Assert.That(handler.Calls, Is.EqualTo(new[] { "added a@5" }));
        });
    }

    [Test]
    public async Task Paged_list_follows_continue_tokens_and_watches_from_the_last_page()
    {
        await using var harness = new InformerHarness();
        harness.Source.EnqueuePage("7", "token-1", ConfigMap("a", "1"), ConfigMap("b", "2"));
        harness.Source.EnqueuePage("8", null, ConfigMap("c", "3"));
        harness.Start();
        var watch = await harness.Source.NextWatchAsync();

        Assert.Multiple(() =>
        {
            Assert.That(harness.Source.ListRequests, Is.EqualTo(new[] { new ListRequest(2, null), new ListRequest(2, "token-1") }));
            Assert.That(harness.CachedNames(), Is.EqualTo(new[] { "a", "b", "c" }));
            Assert.That(watch.Request.ResourceVersion, Is.EqualTo("8"));
        });
    }

    [Test]
    public async Task Expired_continue_token_lists_again_in_one_unpaged_request()
    {
        await using var harness = new InformerHarness();
        harness.Source.EnqueuePage("7", "token-1", ConfigMap("a", "1"), ConfigMap("b", "2"));
        harness.Source.EnqueueListFailure(new KubernetesApiException(System.Net.HttpStatusCode.Gone, Status(410, "Expired"), "continue expired"));
        harness.Source.EnqueueList("9", ConfigMap("a", "1"), ConfigMap("b", "2"), ConfigMap("c", "3"));
        harness.Start();
        var watch = await harness.Source.NextWatchAsync();

        Assert.Multiple(() =>
        {
            Assert.That(harness.Source.ListRequests, Is.EqualTo(new[]
            {
                new ListRequest(2, null), new ListRequest(2, "token-1"), new ListRequest(null, null),
            }));
            Assert.That(harness.CachedNames(), Is.EqualTo(new[] { "a", "b", "c" }));
            Assert.That(watch.Request.ResourceVersion, Is.EqualTo("9"));
        });
    }

    [Test]
    public async Task Transform_is_applied_before_objects_are_cached()
    {
        await using var harness = new InformerHarness(KubernetesObjectTransforms.WithoutManagedFields);
        var listed = ConfigMap("a", "5");
        listed.Metadata.ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubectl" }];
        harness.Source.EnqueueList("10", listed);
        harness.Start();
        var watch = await harness.Source.NextWatchAsync();
        var added = ConfigMap("b", "11");
        added.Metadata.ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubectl" }];

        watch.Added(added);
        await watch.DrainedAsync();

        Assert.That(harness.Cache.List().Select(item => item.Metadata.ManagedFields), Is.All.Null);
    }

    [Test]
    public async Task Objects_without_a_name_are_skipped_with_a_warning()
    {
        await using var harness = new InformerHarness();
        harness.Source.EnqueueList("10", ConfigMap("a", "5"), new V1ConfigMap { Metadata = new V1ObjectMeta { ResourceVersion = "6" } });
        harness.Start();
        var watch = await harness.Source.NextWatchAsync();
        watch.Added(new V1ConfigMap());
        await watch.DrainedAsync();

        Assert.Multiple(() =>
        {
            Assert.That(harness.CachedNames(), Is.EqualTo(new[] { "a" }));
            Assert.That(harness.Logger.Entries.Count(entry => entry.EventId == 1113), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task WaitForSync_waits_for_the_first_successful_list_and_honours_cancellation()
    {
        await using var harness = new InformerHarness();
        harness.Source.EnqueueListFailure(new HttpRequestException("connection refused"));
        harness.Source.EnqueueList("10", ConfigMap("a", "5"));
        harness.Start();
        using var cancelled = new CancellationTokenSource();
        var abandoned = harness.Informer.WaitForSyncAsync(cancelled.Token);
        var waiting = harness.Informer.WaitForSyncAsync(CancellationToken.None);

        await cancelled.CancelAsync();
        Assert.ThrowsAsync<TaskCanceledException>(async () => await abandoned.WaitAsync(Guard));
        Assert.That(waiting.IsCompleted, Is.False, "the first list failed, so the informer has not synced");

        harness.Time.Advance(await harness.NextBackoffAsync());
        await waiting.WaitAsync(Guard);
        Assert.That(harness.CachedNames(), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public async Task Stopping_ends_the_watch_and_the_run_returns_normally()
    {
        var harness = new InformerHarness();
        harness.Source.EnqueueList("10");
        harness.Start();
        var watch = await harness.Source.NextWatchAsync();

        await harness.StopAsync();

        Assert.Multiple(() =>
        {
            Assert.That(harness.Run.IsCompletedSuccessfully, Is.True);
            Assert.That(watch.Ended.IsCompleted, Is.True);
            Assert.That(harness.Logger.Entries.Any(entry => entry.EventId == 1115), Is.True, "stop is logged");
        });
        await harness.DisposeAsync();
    }

    [Test]
    public async Task An_informer_runs_once()
    {
        await using var harness = new InformerHarness();
        harness.Source.EnqueueList("10");
        harness.Start();
        await harness.Source.NextWatchAsync();

        Assert.ThrowsAsync<InvalidOperationException>(() => harness.Informer.RunAsync(CancellationToken.None));
    }

    [Test]
    public void Invalid_options_are_rejected_naming_every_problem()
    {
        var options = InformerHarness.Options with { PageSize = 0, BackoffJitter = 1.5, MaxBackoff = TimeSpan.FromMilliseconds(10) };
        var source = new ScriptedListWatchSource<V1ConfigMap>(TimeProvider.System);
        using var cache = new InformerCache<V1ConfigMap>();

        var error = Assert.Throws<ArgumentException>(() =>
            _ = new Informer<V1ConfigMap>(source, cache, options, TimeProvider.System, new CapturingLogger()));

        Assert.That(error!.Message, Does.Contain("pageSize must be at least 1").And.Contain("backoffJitter must be in [0, 1)")
            .And.Contain("maxBackoff").And.Contain("configmaps"));
    }
}
