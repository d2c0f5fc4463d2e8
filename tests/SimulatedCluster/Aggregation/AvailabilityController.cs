using System.Net.Sockets;
using System.Security.Authentication;
using k8s;
using k8s.Models;
using MetricsOperator.SimulatedCluster.ControlPlane;
using MetricsOperator.SimulatedCluster.Security;

namespace MetricsOperator.SimulatedCluster.Aggregation;

/// <summary>
/// kube-aggregator's availability controller: every few seconds and on every change of APIServices, Services or
/// Pods, sets each APIService's <c>Available</c> condition. Local APIServices (no Service) are always available;
/// the others need their Service, port and a Ready endpoint, and a 2xx answer to <c>GET /apis/&lt;group&gt;/&lt;version&gt;</c>
/// within the probe timeout. Writes only when the condition changes.
/// </summary>
internal sealed class AvailabilityController : IDisposable
{
    public const string Passed = "Passed";
    public const string Local = "Local";
    public const string FailedDiscoveryCheck = "FailedDiscoveryCheck";

    // The identity kube-aggregator's availability check presents through the front proxy.
    private static readonly UserIdentity Checker = new("system:kube-aggregator", [SystemGroups.Masters]);
    private static readonly HashSet<string> Watched = new(StringComparer.Ordinal) { "apiservices", "services", "pods", "endpoints" };

    private readonly IClusterState _state;
    private readonly BackendResolver _resolver;
    private readonly ClusterAuthorities _authorities;
    private readonly AvailabilityOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<AvailabilityController> _logger;
    private readonly SemaphoreSlim _changed = new(0, 1);

    public AvailabilityController(IClusterState state, BackendResolver resolver, ClusterAuthorities authorities, AvailabilityOptions options, TimeProvider clock, ILogger<AvailabilityController> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid availability options: " + string.Join("; ", errors), nameof(options));
        }

        _state = state;
        _resolver = resolver;
        _authorities = authorities;
        _options = options;
        _clock = clock;
        _logger = logger;
        _state.Changed += OnChanged;
    }

    /// <summary>Checks until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await CheckAllAsync(cancellationToken).ConfigureAwait(false);
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(_options.Interval, _clock, wake.Token);
                await Task.WhenAny(delay, _changed.WaitAsync(wake.Token)).ConfigureAwait(false);
                await wake.CancelAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                AggregationLog.PassFailed(_logger, e);
            }
        }
    }

    /// <summary>One pass over every APIService, the backends probed in parallel.</summary>
    public async Task CheckAllAsync(CancellationToken cancellationToken)
    {
        var apiServices = _state.List<V1APIService>();
        var results = await Task.WhenAll(apiServices.Select(a => CheckAsync(a, cancellationToken))).ConfigureAwait(false);
        for (var i = 0; i < apiServices.Count; i++)
        {
            Record(apiServices[i], results[i]);
        }
    }

    /// <summary>The Available condition <paramref name="apiService"/> deserves now: (status, reason, message).</summary>
    public async Task<(bool Available, string Reason, string Message)> CheckAsync(V1APIService apiService, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(apiService);
        if (apiService.Spec?.Service is null)
        {
            return (true, Local, "Local APIServices are always available");
        }

        var backend = _resolver.Resolve(apiService);
        if (!backend.Resolved)
        {
            return (false, backend.FailureReason!, backend.FailureMessage!);
        }

        var url = new Uri(backend.BaseAddress!, $"/apis/{apiService.Spec.Group}/{apiService.Spec.Version}");
        var policy = new BackendTlsPolicy(apiService.Spec.CaBundle, apiService.Spec.InsecureSkipTLSVerify == true, backend.ServerName);
        using var timeout = new CancellationTokenSource(_options.ProbeTimeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            var request = new BackendRequest("GET", url.PathAndQuery, [.. AggregationProxy.ForwardedHeaders(new HeaderDictionary(), Checker), new("Accept", "application/json, */*")], null);
            var exchange = await BackendExchange.SendAsync(backend.BaseAddress!, policy, _authorities.FrontProxyClientCertificate, request, linked.Token).ConfigureAwait(false);
            await using (exchange.ConfigureAwait(false))
            {
                if (exchange.StatusCode is < 200 or > 299)
                {
                    return (false, FailedDiscoveryCheck, $"failing or missing response from {url}: bad status from {url}: {exchange.StatusCode}");
                }

                return (true, Passed, "all checks passed");
            }
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException or InvalidDataException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (false, FailedDiscoveryCheck, $"failing or missing response from {url}: {BackendFailure.Describe("GET", url, policy, e)}");
        }
    }

    public void Dispose()
    {
        _state.Changed -= OnChanged;
        _changed.Dispose();
    }

    private void Record(V1APIService apiService, (bool Available, string Reason, string Message) result)
    {
        // Re-read: the object may have changed while the probes ran; the condition goes onto the newest one.
        var stored = _state.Get<V1APIService>(null, apiService.Metadata?.Name ?? string.Empty);
        if (stored is null)
        {
            return;
        }

        // A copy: the state may hand out its stored instance, which must change only through Upsert.
        var current = KubernetesJson.Deserialize<V1APIService>(KubernetesJson.Serialize(stored));

        var status = result.Available ? "True" : "False";
        current.Status ??= new V1APIServiceStatus();
        current.Status.Conditions ??= [];
        var existing = current.Status.Conditions.FirstOrDefault(c => c.Type == "Available");
        if (existing is not null && existing.Status == status && existing.Reason == result.Reason && existing.Message == result.Message)
        {
            return;
        }

        var condition = new V1APIServiceCondition
        {
            Type = "Available",
            Status = status,
            Reason = result.Reason,
            Message = result.Message,
            LastTransitionTime = existing is not null && existing.Status == status ? existing.LastTransitionTime : _clock.GetUtcNow().UtcDateTime,
        };
        current.Status.Conditions = [.. current.Status.Conditions.Where(c => c.Type != "Available"), condition];
        _state.Upsert(current);
        AggregationLog.AvailabilityChanged(_logger, current.Metadata!.Name, status, result.Reason, result.Message);
    }

    private void OnChanged(string resource)
    {
        if (!Watched.Contains(resource))
        {
            return;
        }

        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // A pass is already pending.
        }
    }
}
