using k8s;
using k8s.Models;
using MetricsOperator.Kubernetes.Informers;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Tests.Kubernetes.Testing;
using Microsoft.Extensions.Time.Testing;
using static MetricsOperator.Tests.Kubernetes.Testing.TestObjects;

namespace MetricsOperator.Tests.Kubernetes.ListWatch;

public sealed class StaticListWatchSourceTests
{
    private static readonly V1ConfigMap[] Items = [.. Enumerable.Range(1, 5).Select(i => ConfigMap("cm-" + i, "1"))];

    [Test]
    public async Task Lists_in_pages_with_continue_tokens()
    {
        var source = new StaticListWatchSource<V1ConfigMap>("configmaps", Items, new FakeTimeProvider(), resourceVersion: "42");
        var pages = new List<ListPage<V1ConfigMap>>();
        string? token = null;
        do
        {
            var page = await source.ListAsync(new ListRequest(2, token), CancellationToken.None);
            pages.Add(page);
            token = page.Continue;
        }
        while (token is not null);

        Assert.Multiple(() =>
        {
            Assert.That(pages.Select(p => p.Items.Count), Is.EqualTo(new[] { 2, 2, 1 }));
            Assert.That(pages.SelectMany(p => p.Items).Select(i => i.Metadata.Name), Is.EqualTo(Items.Select(i => i.Metadata.Name)));
            Assert.That(pages.Select(p => p.ResourceVersion), Is.All.EqualTo("42"));
            Assert.That(() => source.ListAsync(new ListRequest(2, "bogus"), CancellationToken.None),
                Throws.ArgumentException.With.Message.Contains("continue token \"bogus\" was not issued by this source"));
        });
    }

    [Test]
    public async Task Watch_sends_a_bookmark_every_interval_until_its_timeout()
    {
        var time = new FakeTimeProvider();
        var source = new StaticListWatchSource<V1ConfigMap>("configmaps", Items, time, resourceVersion: "42");
        var watch = source.WatchAsync(new WatchRequest("42", TimeSpan.FromSeconds(150)), CancellationToken.None).GetAsyncEnumerator();

        var first = watch.MoveNextAsync().AsTask();
        time.Advance(TimeSpan.FromSeconds(60));
        Assert.That(await first.WaitAsync(InformerHarness.Guard), Is.True);
        Assert.That((watch.Current.Type, watch.Current.ResourceVersion), Is.EqualTo((WatchEventType.Bookmark, "42")));

        var second = watch.MoveNextAsync().AsTask();
        time.Advance(TimeSpan.FromSeconds(60));
        Assert.That(await second.WaitAsync(InformerHarness.Guard), Is.True);

        var end = watch.MoveNextAsync().AsTask();
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.That(await end.WaitAsync(InformerHarness.Guard), Is.False, "the watch ends at its timeout");
        await watch.DisposeAsync();
    }

    [Test]
    public async Task A_fractional_timeout_ends_at_the_whole_second_the_server_would_use()
    {
        var time = new FakeTimeProvider();
        var source = new StaticListWatchSource<V1ConfigMap>("configmaps", Items, time) { BookmarkInterval = TimeSpan.FromSeconds(30) };
        var watch = source.WatchAsync(new WatchRequest("1", TimeSpan.FromSeconds(30.0004)), CancellationToken.None).GetAsyncEnumerator();

        var first = watch.MoveNextAsync().AsTask();
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.That(await first.WaitAsync(InformerHarness.Guard), Is.True, "a bookmark at 30 s, before the 31 s timeout");
        var end = watch.MoveNextAsync().AsTask();
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.That(await end.WaitAsync(InformerHarness.Guard), Is.False);
        await watch.DisposeAsync();
    }

    [Test]
    public async Task An_informer_over_a_static_source_stays_synced_without_watchdog_restarts()
    {
        var time = new RecordingTimeProvider();
        var logger = new CapturingLogger();
        using var cache = new InformerCache<V1ConfigMap>();
        var informer = new Informer<V1ConfigMap>(
            new StaticListWatchSource<V1ConfigMap>("configmaps", Items, time), cache, InformerHarness.Options, time, logger);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(InformerHarness.Guard);

        // Follow the source's bookmark delays (the last one before a watch times out is shorter) for 12 minutes.
        var started = time.GetUtcNow();
        while (time.GetUtcNow() - started < TimeSpan.FromMinutes(12))
        {
            time.Advance(await time.NextTimerAsync(due => due <= TimeSpan.FromMinutes(1)));
        }

        await stop.CancelAsync();
        await run.WaitAsync(InformerHarness.Guard);
        Assert.Multiple(() =>
        {
            Assert.That(cache.Count, Is.EqualTo(5));
            Assert.That(logger.Entries.Where(e => e.EventId == 1109), Is.Empty, "bookmarks keep the watchdog quiet");
            Assert.That(logger.Entries.Count(e => e.EventId == 1111), Is.GreaterThanOrEqualTo(1), "the watch timed out and resumed");
        });
    }
}
