using MetricsOperator.SimulatedCluster.CustomResources;
using MetricsOperator.SimulatedCluster.Discovery;
using MetricsOperator.SimulatedCluster.Rest;
using MetricsOperator.SimulatedCluster.Security;
using MetricsOperator.SimulatedCluster.Storage;
using MetricsOperator.SimulatedCluster.Tables;

namespace MetricsOperator.SimulatedCluster.ControlPlane;

/// <summary>
/// The stand-in's in-process state: resource registry, object store, CRD controller and the typed view
/// (<see cref="State"/>) that security, aggregation and kubelets use. <see cref="CreatePipeline"/> assembles the
/// request pipeline once the authenticator, authorizer and aggregation proxy exist.
/// </summary>
internal sealed class ControlPlane : IDisposable
{
    private readonly TimeProvider _clock;
    private readonly CustomResourceController _crds;

    public ControlPlane(TimeProvider clock, int watchWindow = 4096)
    {
        _clock = clock;
        Registry = new ResourceRegistry();
        Store = new ObjectStore(Registry, clock, watchWindow);
        State = new ClusterState(Store, Registry);
        _crds = new CustomResourceController(Store, Registry);
        Bootstrap.CreateSystemNamespaces(Store, Registry);
    }

    public ResourceRegistry Registry { get; }

    public ObjectStore Store { get; }

    public IClusterState State { get; }

    public ApiPipeline CreatePipeline(
        IRequestAuthenticator authenticator,
        IRequestAuthorizer authorizer,
        IApiProxy? proxy,
        IReadOnlyList<IReviewHandler> reviews,
        IRemoteDiscovery? remoteDiscovery,
        IRemoteOpenApi? remoteOpenApi,
        IReadOnlyList<IAdmissionStep> extraAdmission,
        TimeSpan bookmarkInterval,
        CancellationToken stopping)
    {
        var tables = new TableBuilder(_clock);
        var apiServices = Registry.Find("apiregistration.k8s.io", "v1", "apiservices")!;
        var discovery = new DiscoveryDocuments(Registry, () => AggregatedVersions(apiServices), remoteDiscovery);
        var openApi = new OpenApiDocuments(Registry, NonResourceEndpoints.GitVersion);
        IAdmissionStep[] admission =
        [
            new NamespaceLifecycle(Store, Registry),
            new CustomResourceDefinitionAdmission(),
            new CustomResourceAdmission(),
            .. extraAdmission,
        ];
        return new ApiPipeline(
            authenticator,
            authorizer,
            proxy,
            new NonResourceEndpoints(discovery, openApi, remoteOpenApi),
            Registry,
            new ResourceReads(Store, tables),
            new ResourceWrites(Store, admission, reviews, _clock),
            new WatchStream(Store, tables, bookmarkInterval),
            stopping);
    }

    public void Dispose() => _crds.Dispose();

    private IEnumerable<(string, string, int, int)> AggregatedVersions(ResourceType apiServices) =>
        Store.List(apiServices, null).Items
            .Where(a => a["spec"]?["service"] is not null)
            .Select(a => (
                a["spec"]?["group"]?.ToString() ?? "",
                a["spec"]?["version"]?.ToString() ?? "",
                a["spec"]?["groupPriorityMinimum"]?.GetValue<int>() ?? 0,
                a["spec"]?["versionPriority"]?.GetValue<int>() ?? 0));
}
