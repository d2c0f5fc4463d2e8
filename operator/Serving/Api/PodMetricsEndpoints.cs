using System.Runtime.InteropServices;
using MetricsOperator.Kubernetes.Pods;
using MetricsOperator.Kubernetes.Selectors;
using MetricsOperator.Serving.Diagnostics;
using MetricsOperator.Serving.Responses;
using MetricsOperator.Storage;
using Microsoft.Extensions.ObjectPool;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// <c>GET /apis/metrics.k8s.io/v1beta1/pods</c> and <c>…/namespaces/{namespace}/pods[/{name}]</c>. Only running pods
/// (those in <see cref="IRunningPods"/>) are visible. A list asks the running pods first, through their label index,
/// and looks up metrics only for the pods that match, so an HPA's query touches only the pods it selects.
/// </summary>
internal sealed class PodMetricsEndpoints(
    MetricsRequestReader reader,
    IRunningPods pods,
    IMetricsViews views,
    ObjectPool<RequestScratch> scratchPool,
    ApiInstruments instruments)
{
    public const string Resource = "pods";
    public const string MetricsResource = "podmetrics";

    private readonly MetricsRequestReader _reader = reader ?? throw new ArgumentNullException(nameof(reader));
    private readonly IRunningPods _pods = pods ?? throw new ArgumentNullException(nameof(pods));
    private readonly IMetricsViews _views = views ?? throw new ArgumentNullException(nameof(views));
    private readonly ObjectPool<RequestScratch> _scratchPool = scratchPool ?? throw new ArgumentNullException(nameof(scratchPool));
    private readonly ApiInstruments _instruments = instruments ?? throw new ArgumentNullException(nameof(instruments));

    // The candidate list of the last all-namespace list, kept at its size (48 bytes per running pod): such a list
    // otherwise allocates one on the large object heap per request, and those collections stall every request.
    private List<PodMetadata>? _spareCandidates;

    /// <summary>A list in the route's namespace, or across all namespaces when the route has none.</summary>
    public async Task ListAsync(HttpContext http)
    {
        if (!_reader.TryRead(http, Resource, isList: true, out var request, out var failure))
        {
            await failure.WriteAsync(http.Response).ConfigureAwait(false);
            return;
        }

        var scratch = _scratchPool.Get();
        var routeNamespace = http.Request.RouteValues["namespace"] as string;
        var candidates = routeNamespace is null && request.Fields.RequiredValue(SelectableField.Namespace) is null
            ? Interlocked.Exchange(ref _spareCandidates, null) ?? scratch.Pods
            : scratch.Pods;
        try
        {
            using (var view = _views.OpenView())
            {
                Candidates(routeNamespace, request, candidates);
                if (candidates.Count > IStreamingMetricsRepresentation.StreamingThreshold && request.Representation is IPodSelectionRepresentation streaming)
                {
                    MetricsResponse.StartOk(http.Response, request.Representation);
                    var selection = new PodSelection(candidates, request.Fields, view, _instruments, request.Context.Now, scratch.ServedPods);
                    await streaming.WritePodListAsync(http.Response.BodyWriter, selection, request.Context, http.RequestAborted).ConfigureAwait(false);
                }
                else
                {
                    Select(candidates, request, view, scratch.ServedPods);
                    await MetricsResponse.WriteListAsync(http, request, scratch.ServedPods).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            KeepIfLarge(candidates, scratch);
            _scratchPool.Return(scratch);
        }
    }

    public Task GetAsync(HttpContext http)
    {
        if (!_reader.TryRead(http, Resource, isList: false, out var request, out var failure))
        {
            return failure.WriteAsync(http.Response);
        }

        var podNamespace = (string)http.Request.RouteValues["namespace"]!;
        var name = (string)http.Request.RouteValues["name"]!;
        return WriteOne(http, podNamespace, name, request) is { } notFound ? notFound.WriteAsync(http.Response) : Task.CompletedTask;
    }

    /// <summary>Fills <paramref name="candidates"/> with the running pods that match the label selector (and a required namespace and name), in (namespace, name) order.</summary>
    private void Candidates(string? routeNamespace, in MetricsRequest request, List<PodMetadata> candidates)
    {
        var fields = request.Fields;
        var podNamespace = routeNamespace ?? fields.RequiredValue(SelectableField.Namespace);
        var name = fields.RequiredValue(SelectableField.Name);
        if (podNamespace is not null && name is not null)
        {
            if (_pods.TryGet(podNamespace, name, out var pod) && request.Labels.Matches(pod.Labels))
            {
                candidates.Add(pod);
            }
        }
        else
        {
            _pods.Collect(podNamespace, request.Labels, candidates);
        }
    }

    /// <summary>Keeps a candidate list too large for the scratch pool as the spare (one at a time); the pool drops such scratches.</summary>
    private void KeepIfLarge(List<PodMetadata> candidates, RequestScratch scratch)
    {
        if (ReferenceEquals(candidates, scratch.Pods) && candidates.Capacity <= RequestScratch.RetainedCapacity)
        {
            return;
        }

        candidates.Clear();
        Interlocked.CompareExchange(ref _spareCandidates, candidates, null);
    }

    /// <summary>Fills <paramref name="served"/> with the candidates that match the field selector and have metrics, in order.</summary>
    private void Select(List<PodMetadata> candidates, in MetricsRequest request, MetricsReadView view, List<ServedPod> served)
    {
        var fields = request.Fields;
        served.EnsureCapacity(candidates.Count);
        foreach (ref readonly var pod in CollectionsMarshal.AsSpan(candidates))
        {
            if (fields.Matches(pod.Name, pod.Namespace) && view.TryGetPod(pod.Namespace, pod.Name, out var usage))
            {
                served.Add(new ServedPod(usage, pod.Labels));
                RecordFreshness(usage.Measured, request.Context.Now);
            }
        }
    }

    /// <summary>Writes the pod's metrics, or returns the 404 to answer with instead (the reference's two messages).</summary>
    private KubernetesStatus? WriteOne(HttpContext http, string podNamespace, string name, in MetricsRequest request)
    {
        if (!_pods.TryGet(podNamespace, name, out var pod))
        {
            return KubernetesStatus.NotFound(Resource, null, name);
        }

        using var view = _views.OpenView();
        if (!view.TryGetPod(podNamespace, name, out var usage))
        {
            return KubernetesStatus.NotFound(MetricsResource, MetricsRequestReader.Group, podNamespace + "/" + name);
        }

        RecordFreshness(usage.Measured, request.Context.Now);
        MetricsResponse.StartOk(http.Response, request.Representation);
        request.Representation.WritePod(http.Response.BodyWriter, new ServedPod(usage, pod.Labels), request.Context);
        return null;
    }

    private void RecordFreshness(in MeasurementWindow measured, DateTimeOffset now) => _instruments.RecordFreshness(now - measured.Timestamp);
}
