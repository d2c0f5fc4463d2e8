using MetricsOperator.Serving.Authentication;
using MetricsOperator.Serving.Authorization;
using MetricsOperator.Tests.Serving.Authorization.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Serving.Authorization;

public sealed class CachingSubjectAccessReviewerTests
{
    private FakeTimeProvider _clock = null!;
    private FakeSubjectAccessReviewer _reviewer = null!;

    [SetUp]
    public void Create()
    {
        _clock = new FakeTimeProvider();
        _reviewer = new FakeSubjectAccessReviewer();
    }

    [Test]
    public async Task Allowing_and_refusing_answers_live_for_their_own_time_to_live()
    {
        var caching = new CachingSubjectAccessReviewer(_reviewer, new KubernetesAuthorizationOptions { AllowedCacheTtl = TimeSpan.FromSeconds(10), DeniedCacheTtl = TimeSpan.FromSeconds(3) }, _clock);
        _reviewer.Decide = attributes => attributes.Verb == "get" ? AccessReviewDecision.Allow() : AccessReviewDecision.Deny();
        await caching.ReviewAsync(Request("get"), CancellationToken.None);
        await caching.ReviewAsync(Request("list"), CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(3));

        Assert.Multiple(() =>
        {
            Assert.That(caching.TryGetCached(Request("get"), out var allowed) && allowed.Allowed, Is.True);
            Assert.That(caching.TryGetCached(Request("list"), out _), Is.False, "the denial expired after 3 s");
        });
    }

    [Test]
    public async Task The_cache_is_bounded()
    {
        var caching = new CachingSubjectAccessReviewer(_reviewer, new KubernetesAuthorizationOptions { CacheSize = 2 }, _clock);

        foreach (var verb in new[] { "get", "list", "watch" })
        {
            await caching.ReviewAsync(Request(verb), CancellationToken.None);
        }

        Assert.That(new[] { "get", "list", "watch" }.Select(verb => caching.TryGetCached(Request(verb), out _)), Is.EqualTo(new[] { false, true, true }));
    }

    [Test]
    public void A_failed_review_is_not_cached()
    {
        var caching = new CachingSubjectAccessReviewer(_reviewer, new KubernetesAuthorizationOptions(), _clock);
        _reviewer.Failure = new HttpRequestException("unreachable");

        Assert.That(() => caching.ReviewAsync(Request("get"), CancellationToken.None), Throws.InstanceOf<HttpRequestException>());
        Assert.That(caching.TryGetCached(Request("get"), out _), Is.False);
    }

    private static RequestAttributes Request(string verb) => new()
    {
        User = new KubernetesUser("jane", ["viewers"]),
        Verb = verb,
        Path = "/apis/metrics.k8s.io/v1beta1/nodes",
        IsResourceRequest = true,
        ApiGroup = "metrics.k8s.io",
        ApiVersion = "v1beta1",
        Resource = "nodes",
    };
}
