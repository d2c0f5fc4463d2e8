using k8s;
using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Certificates;
using MetricsOperator.Kubernetes;
using MetricsOperator.Kubernetes.Apply;
using MetricsOperator.Kubernetes.Controllers;
using MetricsOperator.Kubernetes.Events;
using MetricsOperator.Kubernetes.Informers;
using MetricsOperator.Kubernetes.LeaderElection;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Kubernetes.Ownership;
using MetricsOperator.Reconciliation;
using MetricsOperator.Reconciliation.Spec;
using MetricsOperator.Scraping;

namespace MetricsOperator.Hosting;

/// <summary>
/// The leader's part: the MetricsBackend controller (work queue, reconciler, event recorder, resource client) run
/// by the <see cref="LeaderElectedControllerHost"/>, fed by informers on the MetricsBackends and on the children
/// (those labelled managed-by metrics-operator, and the metrics APIService by name whoever owns it).
/// </summary>
internal static class ControllerRegistration
{
    public const string ControllerName = "metricsbackend";

    /// <summary>MetricsBackend is cluster-scoped; the client cannot tell from its attribute.</summary>
    public static readonly ResourceScopes Scopes = new([typeof(MetricsBackend)]);

    public static IServiceCollection AddMetricsBackendController(this IServiceCollection services, ProcessOptions options)
    {
        // Resource client, event recorder (registered before the leader host, so it stops after it and writes the
        // events of the last reconcile) and the leader-elected host that runs the controller below.
        services.AddControllerMachinery(
            new LeaderElectionOptions
            {
                LeaseName = options.LeaseName,
                LeaseNamespace = options.Namespace,
                Identity = options.PodName,
                LeaseDuration = options.LeaseDuration,
                RenewDeadline = options.LeaseRenewDeadline,
                RetryPeriod = options.LeaseRetryPeriod,
            },
            new EventRecorderOptions { ReportingInstance = options.PodName },
            Scopes);
        services.AddSingleton(new ReconcilerOptions { OperatorNamespace = options.Namespace, ClusterDomain = options.ClusterDomain, ServiceName = options.ServiceName });
        services.AddSingleton(sp => new CertificateRotationPlanner(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IScrapeHealthSource>(sp => new NodeScrapeStatesHealthSource(sp.GetRequiredService<NodeScrapeStates>()));
        services.AddSingleton(sp => new MetricsBackendReconciler(
            sp.GetRequiredService<IKubernetesResourceClient>(),
            sp.GetRequiredService<IEventRecorder>(),
            sp.GetRequiredService<IScrapeHealthSource>(),
            sp.GetRequiredService<CertificateRotationPlanner>(),
            sp.GetRequiredService<ReconcilerOptions>(),
            sp.GetRequiredService<DevelopmentMode>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<MetricsBackendReconciler>>()));
        services.AddSingleton(sp => new WorkQueue<string>(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new Controller<string>(
            new ControllerOptions(ControllerName),
            sp.GetRequiredService<WorkQueue<string>>(),
            sp.GetRequiredService<MetricsBackendReconciler>(),
            sp.GetRequiredService<ControllerMetrics>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("MetricsOperator.Controllers." + ControllerName),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ILeaderWork>(sp => sp.GetRequiredService<Controller<string>>());

        var managed = ManagedBy.Label + "=" + ManagedBy.Value;
        AddChildInformer<V1Secret>(services, sp => KubernetesListWatchSources.ForResource<V1Secret>(Endpoint(sp), options.Namespace, managed, Scopes));
        AddChildInformer<V1Service>(services, sp => KubernetesListWatchSources.ForResource<V1Service>(Endpoint(sp), options.Namespace, managed, Scopes));
        AddChildInformer<V1ClusterRole>(services, sp => KubernetesListWatchSources.ForResource<V1ClusterRole>(Endpoint(sp), null, managed, Scopes));
        AddChildInformer<V1ClusterRoleBinding>(services, sp => KubernetesListWatchSources.ForResource<V1ClusterRoleBinding>(Endpoint(sp), null, managed, Scopes));
        AddChildInformer<V1APIService>(services, sp =>
        {
            var type = ResourceType.Of<V1APIService>(Scopes);
            return new HttpListWatchSource<V1APIService>(
                Endpoint(sp), new ResourceQuery(type.QualifiedName, type.CollectionPath(null)) { FieldSelector = "metadata.name=" + ChildNames.ApiService });
        });

        return services;
    }

    /// <summary>Routes informer changes to the queue; on gaining leadership every MetricsBackend is queued once.</summary>
    public static void ConnectController(IServiceProvider services)
    {
        var queue = services.GetRequiredService<WorkQueue<string>>();
        var backends = services.GetRequiredService<InformerCache<MetricsBackend>>();
        var mapper = new ChildObjectWatchMapper(backends.List);
        backends.AddEventHandler(new QueueingHandler<MetricsBackend>(queue, backend => mapper.KeysForBackend(backend.Metadata.Name)));
        Connect<V1Secret>(services, queue, mapper);
        Connect<V1Service>(services, queue, mapper);
        Connect<V1ClusterRole>(services, queue, mapper);
        Connect<V1ClusterRoleBinding>(services, queue, mapper);
        Connect<V1APIService>(services, queue, mapper);

        // A new leader starts from the whole picture, not only from what changed while it was not leading.
        services.GetRequiredService<LeaderElectedControllerHost>().LeadershipChanged += leading =>
        {
            if (leading)
            {
                foreach (var backend in backends.List())
                {
                    queue.Add(backend.Metadata.Name);
                }
            }
        };
    }

    private static void Connect<T>(IServiceProvider services, WorkQueue<string> queue, ChildObjectWatchMapper mapper)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        services.GetRequiredService<ChildInformer<T>>().Cache.AddEventHandler(new QueueingHandler<T>(queue, mapper.KeysForChild));

    private static void AddChildInformer<T>(IServiceCollection services, Func<IServiceProvider, IListWatchSource<T>> source)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        services.AddSingleton(sp =>
        {
            var cache = new InformerCache<T>(sp.GetRequiredService<ILogger<InformerCache<T>>>());
            return new ChildInformer<T>(cache, new Informer<T>(
                source(sp),
                cache,
                new InformerOptions(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<Informer<T>>>(),
                sp.GetRequiredService<InformerMetrics>()));
        });
        services.AddHostedService(sp => sp.GetRequiredService<ChildInformer<T>>());
    }

    private static KubernetesApiEndpoint Endpoint(IServiceProvider services) =>
        KubernetesApiEndpoint.FromClient((k8s.Kubernetes)services.GetRequiredService<IKubernetes>());
}
