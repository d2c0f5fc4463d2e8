using MetricsOperator.SimulatedCluster.Aggregation;
using MetricsOperator.SimulatedCluster.Security;

namespace MetricsOperator.SimulatedCluster.ControlPlane;

/// <summary>
/// The whole control-plane stand-in, assembled: object store and REST layer, the security engine (client
/// certificates, ServiceAccount tokens, RBAC with the escalation check, reviews, bootstrap policy and the
/// extension-apiserver-authentication ConfigMap), the aggregation proxy with its availability loop, and the HTTPS server.
/// </summary>
internal sealed class ClusterStandIn : IAsyncDisposable
{
    /// <summary>How long the aggregator waits for a backend's discovery or OpenAPI document.</summary>
    private static readonly TimeSpan RemoteFetchTimeout = TimeSpan.FromSeconds(3);

    private readonly CancellationTokenSource _stopping;
    private readonly AvailabilityController _availability;
    private readonly Task _availabilityLoop;

    private ClusterStandIn(ControlPlane plane, ClusterSecurity security, ControlPlaneServer server, AvailabilityController availability, CancellationTokenSource stopping)
    {
        Plane = plane;
        Security = security;
        Server = server;
        _availability = availability;
        _stopping = stopping;
        _availabilityLoop = availability.RunAsync(stopping.Token);
    }

    public ControlPlane Plane { get; }

    public IClusterState State => Plane.State;

    public ClusterSecurity Security { get; }

    public ClusterAuthorities Authorities => Security.Authorities;

    public ControlPlaneServer Server { get; }

    public Uri Url => Server.Url;

    public static async Task<ClusterStandIn> StartAsync(ClusterStandInOptions options, ILoggerFactory loggers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        var problems = options.Availability.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid availability options: " + string.Join("; ", problems));
        }

        var plane = new ControlPlane(options.Clock);
        var security = new ClusterSecurity(plane.State, ClusterAuthorities.Create());
        security.Start();
        var resolver = new BackendResolver(plane.State);
        var proxy = new AggregationProxy(plane.State, resolver, security.Authorities, loggers.CreateLogger<AggregationProxy>());
        var availability = new AvailabilityController(plane.State, resolver, security.Authorities, options.Availability, options.Clock, loggers.CreateLogger<AvailabilityController>());
        var fetch = new BackendFetch(resolver, security.Authorities, RemoteFetchTimeout);
        var discovery = new AggregatedResourceDiscovery(plane.State, fetch, options.Clock, options.RemoteDiscoveryCache);
        var openApi = new AggregatedOpenApi(plane.State, fetch);
        var stopping = new CancellationTokenSource();
        try
        {
            var serverOptions = new ControlPlaneOptions
            {
                Address = options.Address,
                Port = options.Port,
                ServingCertificate = security.Authorities.IssueApiServerCertificate(),
                BookmarkInterval = options.BookmarkInterval,
            };
            var server = await ControlPlaneServer.StartAsync(
                serverOptions,
                token => plane.CreatePipeline(
                    security.Authenticator,
                    security.Authorizer,
                    new AggregationEndpoint(proxy),
                    [new ReviewEndpoints(security.TokenReviews, security.SubjectAccessReviews)],
                    discovery,
                    openApi,
                    [new EscalationAdmission(security.Escalation)],
                    options.BookmarkInterval,
                    token),
                cancellationToken);
            return new ClusterStandIn(plane, security, server, availability, stopping);
        }
        catch
        {
            stopping.Dispose();
            availability.Dispose();
            security.Dispose();
            plane.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _availabilityLoop;
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation.
        }

        await Server.DisposeAsync();
        _availability.Dispose();
        Security.Dispose();
        Security.Authorities.Dispose();
        Plane.Dispose();
        _stopping.Dispose();
    }
}
