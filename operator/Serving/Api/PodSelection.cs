using System.IO.Pipelines;
using MetricsOperator.Kubernetes.Pods;
using MetricsOperator.Kubernetes.Selectors;
using MetricsOperator.Serving.Diagnostics;
using MetricsOperator.Storage;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// The served pods of a long list, looked up a piece at a time as the list is written: each piece's store reads
/// (names, container series scattered over thousands of node tables) are still in the CPU cache when the piece is
/// written, instead of being read once to select every pod and again, long evicted, to write them; and no list of
/// every served pod is built. Valid while the read view it reads is open; not thread-safe.
/// </summary>
internal sealed class PodSelection
{
    private readonly List<PodMetadata> _candidates;
    private readonly FieldSelector _fields;
    private readonly MetricsReadView _view;
    private readonly ApiInstruments _instruments;
    private readonly DateTimeOffset _now;
    private readonly List<ServedPod> _piece;
    private int _next;

    /// <param name="candidates">The running pods that match the label selector, in (namespace, name) order.</param>
    /// <param name="piece">Where each piece is gathered (cleared first); the caller's pooled scratch.</param>
    public PodSelection(List<PodMetadata> candidates, FieldSelector fields, MetricsReadView view, ApiInstruments instruments, DateTimeOffset now, List<ServedPod> piece)
    {
        _candidates = candidates ?? throw new ArgumentNullException(nameof(candidates));
        _fields = fields ?? throw new ArgumentNullException(nameof(fields));
        _view = view ?? throw new ArgumentNullException(nameof(view));
        _instruments = instruments ?? throw new ArgumentNullException(nameof(instruments));
        _now = now;
        _piece = piece ?? throw new ArgumentNullException(nameof(piece));
    }

    /// <summary>
    /// The served pods among the next <paramref name="candidateCount"/> candidates (possibly none), or false when
    /// every candidate has been looked at. Each served pod's freshness is recorded, as for a list selected at once.
    /// </summary>
    public bool TryNextPiece(int candidateCount, out IReadOnlyList<ServedPod> piece)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(candidateCount);
        piece = _piece;
        if (_next >= _candidates.Count)
        {
            return false;
        }

        _piece.Clear();
        var end = Math.Min(_candidates.Count, _next + candidateCount);
        for (; _next < end; _next++)
        {
            var pod = _candidates[_next];
            if (_fields.Matches(pod.Name, pod.Namespace) && _view.TryGetPod(pod.Namespace, pod.Name, out var usage))
            {
                _piece.Add(new ServedPod(usage, pod.Labels));
                _instruments.RecordFreshness(_now - usage.Measured.Timestamp);
            }
        }

        return true;
    }
}

/// <summary>A representation that writes a long pod list from a <see cref="PodSelection"/>, piece by piece.</summary>
internal interface IPodSelectionRepresentation : IMetricsRepresentation
{
    ValueTask WritePodListAsync(PipeWriter output, PodSelection pods, RepresentationContext context, CancellationToken cancellationToken);
}
