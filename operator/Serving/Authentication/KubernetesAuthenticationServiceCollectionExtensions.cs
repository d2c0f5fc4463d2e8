using MetricsOperator.Kubernetes.Informers;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MetricsOperator.Serving.Authentication;

internal static class KubernetesAuthenticationServiceCollectionExtensions
{
    /// <summary>
    /// Registers authentication of callers. Unless an <see cref="IAuthenticationConfigSource"/> is already registered,
    /// the CAs come from explicit files (when <see cref="KubernetesAuthenticationOptions.UsesFiles"/>) or from the
    /// watched ConfigMap (an informer started as a hosted service; needs an <c>IKubernetes</c> for its connection). Unless an
    /// <see cref="ITokenReviewer"/> is already registered, tokens are reviewed through the API server, with the registered
    /// <c>IKubernetesResourceClient</c> if there is one (see <see cref="KubernetesApiAccess"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public static IServiceCollection AddKubernetesAuthentication(this IServiceCollection services, KubernetesAuthenticationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        options ??= new KubernetesAuthenticationOptions();
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"invalid authentication options: {string.Join("; ", problems)}", nameof(options));
        }

        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<AuthenticationMetrics>();
        if (!services.Any(descriptor => descriptor.ServiceType == typeof(IAuthenticationConfigSource)))
        {
            AddConfigSource(services, options);
        }

        services.TryAddSingleton<ITokenReviewer>(provider => new KubernetesTokenReviewer(KubernetesApiAccess.ResourceClient(provider)));
        services.AddSingleton<FrontProxyAuthenticator>();
        services.AddSingleton<ClientCertificateAuthenticator>();
        services.AddSingleton<BearerTokenAuthenticator>();
        services.AddSingleton<ClientCertificateHandshakeValidator>();
        return services;
    }

    private static void AddConfigSource(IServiceCollection services, KubernetesAuthenticationOptions options)
    {
        if (options.UsesFiles)
        {
            services.AddSingleton<FileAuthenticationConfigSource>();
            services.AddSingleton<IAuthenticationConfigSource>(provider => provider.GetRequiredService<FileAuthenticationConfigSource>());
            return;
        }

        services.AddSingleton(provider => new ConfigMapAuthenticationConfigSource(
            options.ConfigMapNamespace,
            options.ConfigMapName,
            provider.GetRequiredService<ILogger<ConfigMapAuthenticationConfigSource>>()));
        services.AddSingleton<IAuthenticationConfigSource>(provider => provider.GetRequiredService<ConfigMapAuthenticationConfigSource>());
        services.AddHostedService(provider => new AuthenticationConfigMapInformer(
            KubernetesApiAccess.Endpoint(provider),
            provider.GetRequiredService<ConfigMapAuthenticationConfigSource>(),
            options,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<AuthenticationConfigMapInformer>>(),
            provider.GetService<InformerMetrics>()));
    }
}
