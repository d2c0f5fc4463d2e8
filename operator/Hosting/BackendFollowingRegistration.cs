using k8s;
using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Hosting.Following;
using MetricsOperator.Kubernetes.Apply;
using MetricsOperator.Kubernetes.Informers;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Reconciliation;
using MetricsOperator.Scraping;
using MetricsOperator.Serving.Api;
using MetricsOperator.Serving.Health;
using MetricsOperator.Serving.Tls;
using Microsoft.Extensions.Options;

namespace MetricsOperator.Hosting;

/// <summary>
/// Registers what every replica runs to follow the active MetricsBackend (a MetricsBackend informer, the
/// follower, the swap switch) and, in Secret mode, the informer on the serving certificate Secret.
/// Call before <c>AddServing</c>: the backend activity starts inactive here, not active as the health part's default.
/// </summary>
internal static class BackendFollowingRegistration
{
    public static IServiceCollection AddBackendFollowing(this IServiceCollection services, ProcessOptions options)
    {
        services.AddSingleton(options.Development);
        services.AddSingleton(new BackendActivity(active: false));
        services.AddSingleton<IBackendActivity>(sp => sp.GetRequiredService<BackendActivity>());
        services.AddSingleton<MetricsApiSwapSwitch>();
        services.AddSingleton<IConfigureOptions<MetricsApiOptions>>(sp => sp.GetRequiredService<MetricsApiSwapSwitch>());
        services.AddSingleton<IOptionsChangeTokenSource<MetricsApiOptions>>(sp => sp.GetRequiredService<MetricsApiSwapSwitch>());
        services.AddSingleton<ReplicaBackend>();
        services.AddSingleton<IKubeletCaSecretReader>(sp => new KubernetesKubeletCaSecretReader(new KubernetesResourceClient(Endpoint(sp))));

        AddInformer(services, sp => KubernetesListWatchSources.ForResource<MetricsBackend>(Endpoint(sp), scopes: ControllerRegistration.Scopes));
        services.AddSingleton(sp =>
        {
            var informer = sp.GetRequiredService<InformerService<MetricsBackend>>().Informer;
            var settings = sp.GetRequiredService<ScrapeSettingsSource>();
            return new ActiveBackendFollower(
                sp.GetRequiredService<InformerCache<MetricsBackend>>(),
                informer.WaitForSyncAsync,
                sp.GetRequiredService<ReplicaBackend>(),
                sp.GetRequiredService<IKubeletCaSecretReader>(),
                options.Development,
                () => settings.Current.Resolution,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<ActiveBackendFollower>>());
        });
        services.AddHostedService(sp => sp.GetRequiredService<ActiveBackendFollower>());
        return services;
    }

    /// <summary>Feeds the serving certificate from Secret metrics-operator-serving-cert in the operator's namespace (that one object only).</summary>
    public static IServiceCollection AddServingCertificateSecret(this IServiceCollection services, ProcessOptions options)
    {
        AddInformer(services, sp => new HttpListWatchSource<V1Secret>(
            Endpoint(sp),
            new ResourceQuery("secrets", $"api/v1/namespaces/{options.Namespace}/secrets") { FieldSelector = "metadata.name=" + ChildNames.ServingSecret }));
        return services;
    }

    /// <summary>Attaches the registered handlers; the caches exist only once the provider is built.</summary>
    public static void ConnectServingCertificateSecret(IServiceProvider services) =>
        services.GetRequiredService<InformerCache<V1Secret>>().AddEventHandler(services.GetRequiredService<ServingCertificateSecretHandler>());

    private static void AddInformer<T>(IServiceCollection services, Func<IServiceProvider, IListWatchSource<T>> source)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        services.AddSingleton(sp => new InformerCache<T>(sp.GetRequiredService<ILogger<InformerCache<T>>>()));
        services.AddSingleton(sp => new InformerService<T>(new Informer<T>(
            source(sp),
            sp.GetRequiredService<InformerCache<T>>(),
            new InformerOptions(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<Informer<T>>>(),
            sp.GetRequiredService<InformerMetrics>())));
        services.AddHostedService(sp => sp.GetRequiredService<InformerService<T>>());
    }

    private static KubernetesApiEndpoint Endpoint(IServiceProvider services) =>
        KubernetesApiEndpoint.FromClient((k8s.Kubernetes)services.GetRequiredService<IKubernetes>());
}
