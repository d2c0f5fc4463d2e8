using MetricsOperator.Kubernetes.Selectors;
using MetricsOperator.Serving.Diagnostics;
using MetricsOperator.Serving.Responses;
using MetricsOperator.Storage;
using Microsoft.Extensions.ObjectPool;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// <c>GET /apis/metrics.k8s.io/v1beta1/nodes[/{name}]</c>. Nodes come from the node directory (label selector on the
/// node's own labels, field selector on <c>metadata.name</c>), metrics from one read view per request; nodes
/// without servable metrics are left out of lists and are 404 on get.
/// </summary>
internal sealed class NodeMetricsEndpoints(
    MetricsRequestReader reader,
    INodeDirectory nodes,
    IMetricsViews views,
    ObjectPool<RequestScratch> scratchPool,
    ApiInstruments instruments)
{
    public const string Resource = "nodes";
    public const string MetricsResource = "nodemetrics";

    private readonly MetricsRequestReader _reader = reader ?? throw new ArgumentNullException(nameof(reader));
    private readonly INodeDirectory _nodes = nodes ?? throw new ArgumentNullException(nameof(nodes));
    private readonly IMetricsViews _views = views ?? throw new ArgumentNullException(nameof(views));
    private readonly ObjectPool<RequestScratch> _scratchPool = scratchPool ?? throw new ArgumentNullException(nameof(scratchPool));
    private readonly ApiInstruments _instruments = instruments ?? throw new ArgumentNullException(nameof(instruments));

    public async Task ListAsync(HttpContext http)
    {
        if (!_reader.TryRead(http, Resource, isList: true, out var request, out var failure))
        {
            await failure.WriteAsync(http.Response).ConfigureAwait(false);
            return;
        }

        var scratch = _scratchPool.Get();
        try
        {
            using (var view = _views.OpenView())
            {
                Select(request, view, scratch);
                await MetricsResponse.WriteListAsync(http, request, scratch.ServedNodes).ConfigureAwait(false);
            }
        }
        finally
        {
            _scratchPool.Return(scratch);
        }
    }

    public Task GetAsync(HttpContext http)
    {
        if (!_reader.TryRead(http, Resource, isList: false, out var request, out var failure))
        {
            return failure.WriteAsync(http.Response);
        }

        var name = (string)http.Request.RouteValues["name"]!;
        return WriteOne(http, name, request) is { } notFound ? notFound.WriteAsync(http.Response) : Task.CompletedTask;
    }

    /// <summary>Fills <see cref="RequestScratch.ServedNodes"/> with the matching nodes that have metrics, in name order.</summary>
    private void Select(in MetricsRequest request, MetricsReadView view, RequestScratch scratch)
    {
        var candidates = scratch.Nodes;
        if (request.Fields.RequiredValue(SelectableField.Name) is { } name)
        {
            if (_nodes.TryGet(name, out var node) && request.Labels.Matches(node.Labels))
            {
                candidates.Add(node);
            }
        }
        else
        {
            _nodes.Collect(request.Labels, candidates);
        }

        var served = scratch.ServedNodes;
        served.EnsureCapacity(candidates.Count);
        foreach (var node in candidates)
        {
            if (request.Fields.Matches(node.Name, null) && view.TryGetNode(node.Name, out var usage))
            {
                served.Add(new ServedNode(usage, node.Labels));
                RecordFreshness(usage.Measured, request.Context.Now);
            }
        }
    }

    /// <summary>Writes the node's metrics, or returns the 404 to answer with instead.</summary>
    private KubernetesStatus? WriteOne(HttpContext http, string name, in MetricsRequest request)
    {
        if (!_nodes.TryGet(name, out var node))
        {
            return KubernetesStatus.NotFound(Resource, null, name);
        }

        using var view = _views.OpenView();
        if (!view.TryGetNode(name, out var usage))
        {
            return KubernetesStatus.NotFound(MetricsResource, MetricsRequestReader.Group, name);
        }

        RecordFreshness(usage.Measured, request.Context.Now);
        MetricsResponse.StartOk(http.Response, request.Representation);
        request.Representation.WriteNode(http.Response.BodyWriter, new ServedNode(usage, node.Labels), request.Context);
        return null;
    }

    private void RecordFreshness(in MeasurementWindow measured, DateTimeOffset now) => _instruments.RecordFreshness(now - measured.Timestamp);
}
