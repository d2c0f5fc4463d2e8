using k8s;
using MetricsOperator.Serving.Authentication;
using MetricsOperator.Tests.Kubernetes.Testing;
using MetricsOperator.Tests.Serving.Authentication.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace MetricsOperator.Tests.Serving.Authentication;

public sealed class KubernetesAuthenticationRegistrationTests
{
    [Test]
    public void By_default_the_ConfigMap_is_watched_and_tokens_go_to_the_API_server()
    {
        using var client = FakeApiServerHandler.ClientFor(new FakeApiServerHandler(_ => FakeApiServerHandler.Json("{}")));
        using var provider = Services(services => services.AddSingleton<IKubernetes>(client)).AddKubernetesAuthentication().BuildServiceProvider();

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetRequiredService<IAuthenticationConfigSource>(), Is.SameAs(provider.GetRequiredService<ConfigMapAuthenticationConfigSource>()));
            Assert.That(provider.GetServices<IHostedService>().Single(), Is.InstanceOf<AuthenticationConfigMapInformer>());
            Assert.That(provider.GetRequiredService<ITokenReviewer>(), Is.InstanceOf<KubernetesTokenReviewer>());
        });
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
