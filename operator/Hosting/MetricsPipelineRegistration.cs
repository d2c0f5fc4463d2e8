using k8s;
using k8s.Models;
using MetricsOperator.Kubernetes.Informers;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Kubernetes.Pods;
using MetricsOperator.Scraping;
using MetricsOperator.Storage;

namespace MetricsOperator.Hosting;

/// <summary>Registers the metrics pipeline: informers, kubelet client, scrape loop and storage.</summary>
internal static class MetricsPipelineRegistration
{
    /// <remarks>Scraping starts disabled: it follows the active MetricsBackend (see <see cref="BackendFollowingRegistration"/>).</remarks>
    public static IServiceCollection AddMetricsPipeline(this IServiceCollection services, KubernetesClientConfiguration config, bool inCluster, ProcessOptions options)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IKubernetes>(_ => new k8s.Kubernetes(config));
        services.AddSingleton(new ScrapeSettingsSource(minimumResolution: options.Development.MinimumResolution, enabled: false));
        services.AddSingleton<MetricsStore>();
        services.AddSingleton<INodeMetricsSink>(sp => sp.GetRequiredService<MetricsStore>());
        services.AddSingleton<StorageInstruments>();
        services.AddSingleton<InformerMetrics>();

        services.AddSingleton(sp => KubeletCredentials.FromClientConfiguration(
            config, sp.GetRequiredService<TimeProvider>(), inCluster ? KubeletCredentials.ServiceAccountTokenPath : null));
        services.AddSingleton(sp =>
        {
            var idleBuffers = new OpenSslIdleBuffers(sp.GetRequiredService<ILogger<OpenSslIdleBuffers>>());
            return new KubeletClient(sp.GetRequiredService<KubeletCredentials>(), (transport, credentials) => KubeletTransport.Create(transport, credentials, idleBuffers));
        });
        services.AddSingleton<NodeScrapeStates>();
        services.AddSingleton<ScraperMetrics>();
        services.AddSingleton<ScrapeOutcomeRecorder>();
        services.AddSingleton(sp => new ScrapeRound(
            sp.GetRequiredService<KubeletClient>(),
            KubeletPayloadDecoderAdapter.Factory,
            sp.GetRequiredService<ScrapeOutcomeRecorder>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ScrapeLoop>();

        AddNodeInformer(services);
        AddPodInformer(services);
        services.AddHostedService<MetricsPipelineService>();
        return services;
    }

    private static void AddNodeInformer(IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var cache = new InformerCache<V1Node>(sp.GetRequiredService<ILogger<InformerCache<V1Node>>>());
            cache.AddEventHandler(new NodeDepartureHandler(sp.GetRequiredService<MetricsStore>()));
            return cache;
        });
        services.AddSingleton<INodeSource>(sp => new InformerNodeSource(sp.GetRequiredService<InformerCache<V1Node>>()));
        services.AddSingleton(sp => new InformerService<V1Node>(new Informer<V1Node>(
            KubernetesListWatchSources.Nodes(KubernetesApiEndpoint.FromClient((k8s.Kubernetes)sp.GetRequiredService<IKubernetes>())),
            sp.GetRequiredService<InformerCache<V1Node>>(),
            new InformerOptions(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<Informer<V1Node>>>(),
            sp.GetRequiredService<InformerMetrics>())
        {
            Transform = KubernetesObjectTransforms.SlimNode,
        }));
        services.AddHostedService(sp => sp.GetRequiredService<InformerService<V1Node>>());
    }

    private static void AddPodInformer(IServiceCollection services)
    {
        services.AddSingleton<PodMetadataCache>();
        services.AddSingleton(sp => new InformerService<PartialObjectMetadata>(new Informer<PartialObjectMetadata>(
            KubernetesListWatchSources.RunningPodMetadata(KubernetesApiEndpoint.FromClient((k8s.Kubernetes)sp.GetRequiredService<IKubernetes>())),
            new PodDepartureStore(sp.GetRequiredService<PodMetadataCache>(), sp.GetRequiredService<MetricsStore>()),
            new InformerOptions(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<Informer<PartialObjectMetadata>>>(),
            sp.GetRequiredService<InformerMetrics>())));
        services.AddHostedService(sp => sp.GetRequiredService<InformerService<PartialObjectMetadata>>());
    }
}
