using MetricsOperator.Serving.Authentication;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Serving.Authentication;

public sealed class ExpiringLruCacheTests
{
    private FakeTimeProvider _clock = null!;

    [SetUp]
    public void CreateClock() => _clock = new FakeTimeProvider();

    [Test]
    public void An_entry_lives_for_its_time_to_live_only()
    {
        var cache = new ExpiringLruCache<string, int>(4, _clock);
        cache.Set("a", 1, TimeSpan.FromSeconds(10));

        _clock.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        var hit = cache.TryGet("a", out var value);
        _clock.Advance(TimeSpan.FromTicks(1));
        var miss = cache.TryGet("a", out _);

        Assert.That((hit, value, miss, cache.Count), Is.EqualTo((true, 1, false, 0)));
    }

    [Test]
    public void When_full_the_least_recently_used_entry_goes()
    {
        var cache = new ExpiringLruCache<string, int>(2, _clock);
        cache.Set("a", 1, TimeSpan.FromMinutes(1));
        cache.Set("b", 2, TimeSpan.FromMinutes(1));
        cache.TryGet("a", out _);

        cache.Set("c", 3, TimeSpan.FromMinutes(1));

        Assert.Multiple(() =>
        {
            Assert.That(cache.Count, Is.EqualTo(2));
            Assert.That(cache.TryGet("a", out _), Is.True);
            Assert.That(cache.TryGet("b", out _), Is.False);
            Assert.That(cache.TryGet("c", out _), Is.True);
        });
    }

    [Test]
    public void Setting_an_existing_key_replaces_its_value_and_expiry_without_growing()
    {
        var cache = new ExpiringLruCache<string, int>(2, _clock);
        cache.Set("a", 1, TimeSpan.FromSeconds(1));
        cache.Set("a", 2, TimeSpan.FromSeconds(10));

        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.That((cache.TryGet("a", out var value), value, cache.Count), Is.EqualTo((true, 2, 1)));
    }

    [Test]
    public void Concurrent_use_keeps_the_bound()
    {
        var cache = new ExpiringLruCache<int, int>(64, _clock);

        Parallel.For(0, 10_000, i =>
        {
            cache.Set(i % 500, i, TimeSpan.FromMinutes(1));
            cache.TryGet((i * 7) % 500, out _);
        });

        Assert.That(cache.Count, Is.EqualTo(64));
    }

    [Test]
    public void A_capacity_below_one_is_refused()
    {
        Assert.That(() => new ExpiringLruCache<int, int>(0, _clock), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
