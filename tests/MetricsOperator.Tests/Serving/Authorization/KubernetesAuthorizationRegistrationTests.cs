using k8s;
using MetricsOperator.Serving.Authentication;
using MetricsOperator.Serving.Authorization;
using MetricsOperator.Tests.Kubernetes.Testing;
using MetricsOperator.Tests.Serving.Authorization.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricsOperator.Tests.Serving.Authorization;

public sealed class KubernetesAuthorizationRegistrationTests
{
    [Test]
    public void By_default_reviews_go_to_the_API_server_unless_a_reviewer_is_registered_first()
    {
        using var client = FakeApiServerHandler.ClientFor(new FakeApiServerHandler(_ => FakeApiServerHandler.Json("{}")));
        var fake = new FakeSubjectAccessReviewer();
        using var byDefault = new ServiceCollection().AddSingleton<IKubernetes>(client).AddKubernetesAuthorization().BuildServiceProvider();
        using var replaced = new ServiceCollection().AddSingleton<ISubjectAccessReviewer>(fake).AddKubernetesAuthorization().BuildServiceProvider();

        Assert.That(byDefault.GetRequiredService<ISubjectAccessReviewer>(), Is.InstanceOf<KubernetesSubjectAccessReviewer>());
        Assert.That(replaced.GetRequiredService<ISubjectAccessReviewer>(), Is.SameAs(fake));
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
