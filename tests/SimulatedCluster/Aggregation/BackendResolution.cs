using k8s.Models;

namespace MetricsOperator.SimulatedCluster.Aggregation;

/// <summary>
/// Where an APIService's backend is: the Ready Pod endpoint to dial and the name its certificate must carry, or why
/// there is none, with kube-aggregator's condition reason and message.
/// </summary>
internal sealed record BackendResolution(Uri? BaseAddress, string ServerName, string? FailureReason, string? FailureMessage)
{
    public bool Resolved => BaseAddress is not null;

    public static BackendResolution Failed(string serverName, string reason, string message) => new(null, serverName, reason, message);
}

/// <summary>
/// Resolves an APIService's Service to one backend as the stand-in models endpoints: the Pods matching the Service's
/// selector that are Ready and have a podIP, and the Service port's targetPort (a name is looked up among the
/// Pod's container ports). Endpoints objects are not needed.
/// </summary>
internal sealed class BackendResolver
{
    public const string ServiceNotFound = "ServiceNotFound";
    public const string ServicePortError = "ServicePortError";
    public const string MissingEndpoints = "MissingEndpoints";

    private readonly ControlPlane.IClusterState _state;
    private int _next;

    public BackendResolver(ControlPlane.IClusterState state)
    {
        _state = state;
    }

    public BackendResolution Resolve(V1APIService apiService)
    {
        ArgumentNullException.ThrowIfNull(apiService);
        var reference = apiService.Spec?.Service ?? throw new ArgumentException($"APIService {apiService.Metadata?.Name} has no spec.service: it is served locally", nameof(apiService));
        var ns = reference.NamespaceProperty ?? string.Empty;
        var serverName = $"{reference.Name}.{ns}.svc";
        var port = reference.Port ?? 443;
        var service = _state.Get<V1Service>(ns, reference.Name);
        if (service is null)
        {
            return BackendResolution.Failed(serverName, ServiceNotFound, $"service/{reference.Name} in \"{ns}\" is not present");
        }

        var servicePort = service.Spec?.Ports?.FirstOrDefault(p => p.Port == port);
        if (servicePort is null)
        {
            return BackendResolution.Failed(serverName, ServicePortError, $"service/{reference.Name} in \"{ns}\" is not listening on port {port}");
        }

        var candidates = new List<(string Ip, int Port)>();
        foreach (var pod in _state.List<V1Pod>(ns))
        {
            if (!Selects(service.Spec?.Selector, pod) || !IsReady(pod) || ContainerPort(pod, servicePort) is not { } target)
            {
                continue;
            }

            candidates.Add((pod.Status!.PodIP, target));
        }

        if (candidates.Count == 0)
        {
            return BackendResolution.Failed(serverName, MissingEndpoints, $"endpoints for service/{reference.Name} in \"{ns}\" have no addresses with port name \"{servicePort.Name ?? string.Empty}\"");
        }

        // Spread requests over the Ready Pods as kube-proxy would.
        var (ip, targetPort) = candidates[(int)((uint)Interlocked.Increment(ref _next) % (uint)candidates.Count)];
        var host = ip.Contains(':', StringComparison.Ordinal) ? "[" + ip + "]" : ip;
        return new BackendResolution(new Uri($"https://{host}:{targetPort}"), serverName, null, null);
    }

    private static bool Selects(IDictionary<string, string>? selector, V1Pod pod) =>
        selector is { Count: > 0 }
        && selector.All(s => pod.Metadata?.Labels?.TryGetValue(s.Key, out var value) == true && value == s.Value);

    private static bool IsReady(V1Pod pod) =>
        pod.Metadata?.DeletionTimestamp is null
        && !string.IsNullOrEmpty(pod.Status?.PodIP)
        && pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private static int? ContainerPort(V1Pod pod, V1ServicePort servicePort)
    {
        var target = servicePort.TargetPort?.Value;
        if (string.IsNullOrEmpty(target))
        {
            return servicePort.Port;
        }

        if (int.TryParse(target, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        return pod.Spec?.Containers?.SelectMany(c => c.Ports ?? []).FirstOrDefault(p => p.Name == target)?.ContainerPort;
    }
}
