using k8s;
using k8s.Models;
using MetricsOperator.Kubernetes.Apply;
using MetricsOperator.Serving.Authentication;
using MetricsOperator.Serving.Authorization;
using MetricsOperator.Tests.Kubernetes.Testing;
using MetricsOperator.Tests.Serving.Authorization.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace MetricsOperator.Tests.Serving.Authorization;

public sealed class KubernetesAuthorizationRegistrationTests
{
    [Test]
    public async Task By_default_reviews_go_to_the_API_server_unless_a_reviewer_is_registered_first()
    {
        var handler = new FakeApiServerHandler(_ => FakeApiServerHandler.Json("""{"status":{"allowed":true}}"""));
        using var client = FakeApiServerHandler.ClientFor(handler);
        var fake = new FakeSubjectAccessReviewer();
        using var byDefault = new ServiceCollection().AddSingleton<IKubernetes>(client).AddKubernetesAuthorization().BuildServiceProvider();
        using var replaced = new ServiceCollection().AddSingleton<ISubjectAccessReviewer>(fake).AddKubernetesAuthorization().BuildServiceProvider();

        var reviewer = byDefault.GetRequiredService<ISubjectAccessReviewer>();
        var decision = await reviewer.ReviewAsync(new RequestAttributes { User = new KubernetesUser("jane"), Verb = "get", Path = "/" }, CancellationToken.None);

        Assert.That(reviewer, Is.InstanceOf<KubernetesSubjectAccessReviewer>());
        Assert.That(decision.Allowed, Is.True);
        Assert.That(handler.Requests.Single().Uri.AbsolutePath, Is.EqualTo("/apis/authorization.k8s.io/v1/subjectaccessreviews"));
        Assert.That(handler.Requests.Single().Authorization, Is.EqualTo("Bearer test-token"));
        Assert.That(replaced.GetRequiredService<ISubjectAccessReviewer>(), Is.SameAs(fake));
    }

    [Test]
    public async Task A_registered_resource_client_is_the_one_reviews_are_sent_with()
    {
        using var client = FakeApiServerHandler.ClientFor(new FakeApiServerHandler(_ => throw new AssertionException("the registered resource client should have been used")));
        var resources = new Mock<IKubernetesResourceClient>(MockBehavior.Strict);
        resources.Setup(r => r.CreateAsync(It.IsAny<V1SubjectAccessReview>(), It.IsAny<CancellationToken>())).ReturnsAsync(
            new V1SubjectAccessReview { Status = new V1SubjectAccessReviewStatus { Allowed = false, Denied = true, Reason = "no" } });
        using var provider = new ServiceCollection().AddSingleton<IKubernetes>(client).AddSingleton(resources.Object).AddKubernetesAuthorization().BuildServiceProvider();

        var decision = await provider.GetRequiredService<ISubjectAccessReviewer>()
            .ReviewAsync(new RequestAttributes { User = new KubernetesUser("jane"), Verb = "get", Path = "/" }, CancellationToken.None);

        Assert.That(decision, Is.EqualTo(AccessReviewDecision.Deny("no")));
        resources.Verify(r => r.CreateAsync(It.Is<V1SubjectAccessReview>(review => review.Spec.User == "jane"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public void Invalid_options_are_refused_with_every_problem_named()
    {
        var options = new KubernetesAuthorizationOptions
        {
            AlwaysAllowPaths = ["/healthz", "/live*z"],
            AlwaysAllowGroups = [""],
            AllowedCacheTtl = TimeSpan.Zero,
            DeniedCacheTtl = TimeSpan.FromSeconds(-1),
            CacheSize = 0,
            ReviewTimeout = TimeSpan.Zero,
        };

        Assert.That(() => new ServiceCollection().AddKubernetesAuthorization(options), Throws.ArgumentException.With.Message
            .Contains("alwaysAllowPaths: only a trailing * is allowed in always-allowed path \"/live*z\"")
            .And.Message.Contains("alwaysAllowGroups must not be null or contain empty group names")
            .And.Message.Contains("allowedCacheTtl must be positive")
            .And.Message.Contains("deniedCacheTtl must be positive")
            .And.Message.Contains("cacheSize must be at least 1 (was 0)")
            .And.Message.Contains("reviewTimeout must be positive"));
        Assert.That(new KubernetesAuthorizationOptions().Validate(), Is.Empty);
    }

    [Test]
    public void The_middleware_needs_the_services_registered()
    {
        using var provider = new ServiceCollection().BuildServiceProvider();

        Assert.That(() => new ApplicationBuilder(provider).UseKubernetesAuthorization(), Throws.InvalidOperationException.With.Message.Contains("AddKubernetesAuthorization"));
    }

    [Test]
    public async Task A_request_that_skipped_authentication_fails_closed()
    {
        var reviewer = new FakeSubjectAccessReviewer();
        var reached = false;
        var middleware = new KubernetesAuthorizationMiddleware(
            _ =>
            {
                reached = true;
                return Task.CompletedTask;
            },
            new CachingSubjectAccessReviewer(reviewer, new KubernetesAuthorizationOptions(), TimeProvider.System),
            new KubernetesAuthorizationOptions(),
            NullLogger<KubernetesAuthorizationMiddleware>.Instance);
        var context = new DefaultHttpContext();
        context.Request.Path = "/healthz";
        context.Response.Body = new MemoryStream();

        await middleware.InvokeAsync(context);

        Assert.That((context.Response.StatusCode, reached, reviewer.Reviews.Count), Is.EqualTo((500, false, 0)));
    }

    [Test]
    public async Task A_user_set_by_authentication_reaches_the_next_stage_with_its_attributes_recorded()
    {
        var middleware = new KubernetesAuthorizationMiddleware(
            _ => Task.CompletedTask,
            new CachingSubjectAccessReviewer(new FakeSubjectAccessReviewer(), new KubernetesAuthorizationOptions(), TimeProvider.System),
            new KubernetesAuthorizationOptions(),
            NullLogger<KubernetesAuthorizationMiddleware>.Instance);
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/apis/metrics.k8s.io/v1beta1/nodes/node-1";
        context.Features.Set(new KubernetesUserFeature(new KubernetesUser("jane"), AuthenticationMethod.ClientCertificate));

        await middleware.InvokeAsync(context);

        Assert.That((context.Response.StatusCode, context.GetRequestAttributes()?.Verb, context.GetRequestAttributes()?.Name), Is.EqualTo((200, "get", "node-1")));
    }
}
