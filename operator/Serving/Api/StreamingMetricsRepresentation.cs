using System.IO.Pipelines;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// A representation that can also write a long list in pieces, handing each piece to the network before writing the
/// next, so a list of every pod in a large cluster is not held whole in the response buffer. The endpoints use it
/// for lists longer than <see cref="StreamingThreshold"/>; shorter lists and representations without it are written
/// in one go through <see cref="IMetricsRepresentation"/>.
/// </summary>
internal interface IStreamingMetricsRepresentation : IMetricsRepresentation
{
    /// <summary>Lists with more items than this are streamed.</summary>
    const int StreamingThreshold = 512;

    ValueTask WriteNodeListAsync(PipeWriter output, IReadOnlyList<ServedNode> nodes, RepresentationContext context, CancellationToken cancellationToken);

    ValueTask WritePodListAsync(PipeWriter output, IReadOnlyList<ServedPod> pods, RepresentationContext context, CancellationToken cancellationToken);
}
