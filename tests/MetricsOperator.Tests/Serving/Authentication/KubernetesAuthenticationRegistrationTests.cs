using k8s;
using k8s.Models;
using MetricsOperator.Kubernetes.Apply;
using MetricsOperator.Serving.Authentication;
using MetricsOperator.Tests.Kubernetes.Testing;
using MetricsOperator.Tests.Serving.Authentication.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Moq;

namespace MetricsOperator.Tests.Serving.Authentication;

public sealed class KubernetesAuthenticationRegistrationTests
{
    [Test]
    public async Task By_default_the_ConfigMap_is_watched_and_tokens_go_to_the_API_server_over_the_clients_connection()
    {
        var handler = new FakeApiServerHandler(_ => FakeApiServerHandler.Json("""{"status":{"authenticated":true,"user":{"username":"jane"}}}"""));
        using var client = FakeApiServerHandler.ClientFor(handler);
        using var provider = Services(services => services.AddSingleton<IKubernetes>(client)).AddKubernetesAuthentication().BuildServiceProvider();

        var reviewer = provider.GetRequiredService<ITokenReviewer>();
        var result = await reviewer.ReviewAsync("t", [], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetRequiredService<IAuthenticationConfigSource>(), Is.SameAs(provider.GetRequiredService<ConfigMapAuthenticationConfigSource>()));
            Assert.That(provider.GetServices<IHostedService>().Single(), Is.InstanceOf<AuthenticationConfigMapInformer>());
            Assert.That(reviewer, Is.InstanceOf<KubernetesTokenReviewer>());
            Assert.That(result.User?.Name, Is.EqualTo("jane"));
            Assert.That(handler.Requests.Single().Uri.AbsolutePath, Is.EqualTo("/apis/authentication.k8s.io/v1/tokenreviews"));
            Assert.That(handler.Requests.Single().Authorization, Is.EqualTo("Bearer test-token"));
        });
    }

    [Test]
    public async Task A_registered_resource_client_is_the_one_tokens_are_reviewed_with()
    {
        using var client = FakeApiServerHandler.ClientFor(new FakeApiServerHandler(_ => throw new AssertionException("the registered resource client should have been used")));
        var resources = new Mock<IKubernetesResourceClient>(MockBehavior.Strict);
        resources.Setup(r => r.CreateAsync(It.IsAny<V1TokenReview>(), It.IsAny<CancellationToken>())).ReturnsAsync(
            new V1TokenReview { Status = new V1TokenReviewStatus { Authenticated = true, User = new V1UserInfo { Username = "jane" } } });
        using var provider = Services(services => services.AddSingleton<IKubernetes>(client).AddSingleton(resources.Object))
            .AddKubernetesAuthentication().BuildServiceProvider();

        var result = await provider.GetRequiredService<ITokenReviewer>().ReviewAsync("t", [], CancellationToken.None);

        Assert.That(result.User?.Name, Is.EqualTo("jane"));
        resources.Verify(r => r.CreateAsync(It.Is<V1TokenReview>(review => review.Spec.Token == "t"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public void Explicit_CA_files_replace_the_ConfigMap()
    {
        using var pki = new TestPki();
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, pki.ClientAuthority.CertificatePem);
            using var provider = Services().AddKubernetesAuthentication(new KubernetesAuthenticationOptions { ClientCaFile = file }).BuildServiceProvider();

            Assert.That(provider.GetRequiredService<IAuthenticationConfigSource>(), Is.InstanceOf<FileAuthenticationConfigSource>());
            Assert.That(provider.GetServices<IHostedService>(), Is.Empty);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void Sources_and_reviewers_registered_first_are_kept()
    {
        var source = new TestAuthenticationConfigSource(AuthenticationConfig.Empty);
        var reviewer = new FakeTokenReviewer();
        using var provider = Services(services => services.AddSingleton<IAuthenticationConfigSource>(source).AddSingleton<ITokenReviewer>(reviewer))
            .AddKubernetesAuthentication().BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IAuthenticationConfigSource>(), Is.SameAs(source));
        Assert.That(provider.GetRequiredService<ITokenReviewer>(), Is.SameAs(reviewer));
        Assert.That(provider.GetServices<IHostedService>(), Is.Empty);
    }

    [Test]
    public void Invalid_options_are_refused_with_every_problem_named()
    {
        var options = new KubernetesAuthenticationOptions
        {
            ConfigMapName = "",
            ClientCaFile = "/no/such/file.crt",
            RequestHeaderUsernameHeaders = ["X Remote User"],
            RequestHeaderAllowedNames = [""],
            TokenCacheTtl = TimeSpan.Zero,
            TokenCacheSize = 0,
            TokenReviewTimeout = TimeSpan.FromSeconds(-1),
            ClientCertificateHandshake = (ClientCertificateHandshake)7,
        };

        Assert.That(() => new ServiceCollection().AddKubernetesAuthentication(options), Throws.ArgumentException.With.Message
            .Contains("configMapNamespace and configMapName must both be set")
            .And.Message.Contains("clientCaFile \"/no/such/file.crt\" does not name an existing file")
            .And.Message.Contains("requestHeaderUsernameHeaders: header name \"X Remote User\" contains ' '")
            .And.Message.Contains("requestHeaderAllowedNames must not contain empty names")
            .And.Message.Contains("tokenCacheTtl must be positive")
            .And.Message.Contains("tokenCacheSize must be at least 1 (was 0)")
            .And.Message.Contains("tokenReviewTimeout must be positive")
            .And.Message.Contains("clientCertificateHandshake 7 is not one of VerifyPerRequest, RejectAtHandshake"));
        Assert.That(new KubernetesAuthenticationOptions().Validate(), Is.Empty);
    }

    [Test]
    public void The_middleware_and_the_Kestrel_hook_need_the_services_registered()
    {
        using var provider = new ServiceCollection().BuildServiceProvider();
        var app = new ApplicationBuilder(provider);

        Assert.That(() => app.UseKubernetesAuthentication(), Throws.InvalidOperationException.With.Message.Contains("AddKubernetesAuthentication"));
        Assert.That(() => new HttpsConnectionAdapterOptions().UseKubernetesClientCertificates(provider), Throws.InvalidOperationException.With.Message.Contains("AddKubernetesAuthentication"));
    }

    private static ServiceCollection Services(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        configure?.Invoke(services);
        return services;
    }
}
