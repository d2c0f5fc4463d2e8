using System.Collections.Concurrent;

namespace MetricsOperator.Scraping;

/// <summary>
/// Per-node scrape state. Workers write concurrently, but a node is scraped by one worker at a time and rounds
/// never overlap, so each entry has a single writer; readers (status, metrics) always see a whole record.
/// </summary>
internal sealed class NodeScrapeStates
{
    private static readonly int FailureKindCount = Enum.GetValues<ScrapeFailureKind>().Length;

    private readonly ConcurrentDictionary<string, NodeScrapeState> _states = new(StringComparer.Ordinal);

    public int Count => _states.Count;

    public bool TryGet(string nodeName, out NodeScrapeState state) => _states.TryGetValue(nodeName, out state!);

    /// <summary>A point-in-time copy, ordered by node name.</summary>
    public IReadOnlyList<NodeScrapeState> Snapshot()
    {
        var states = new List<NodeScrapeState>(_states.Count);
        foreach (var pair in _states)
        {
            states.Add(pair.Value);
        }

        states.Sort(static (a, b) => string.CompareOrdinal(a.NodeName, b.NodeName));
        return states;
    }

    public NodeScrapeState RecordSuccess(string nodeName, DateTimeOffset attemptedAt, TimeSpan duration, int payloadBytes)
    {
        _states.TryGetValue(nodeName, out var previous);
        var state = new NodeScrapeState(
            nodeName, attemptedAt, attemptedAt, previous?.LastFailure, previous?.LastFailureAt, 0, duration, payloadBytes);
        _states[nodeName] = state;
        return state;
    }

    /// <returns>The new state and the one it replaced (null for a node seen for the first time).</returns>
    public (NodeScrapeState State, NodeScrapeState? Previous) RecordFailure(
        string nodeName, DateTimeOffset attemptedAt, TimeSpan duration, ScrapeFailure failure)
    {
        _states.TryGetValue(nodeName, out var previous);
        var state = new NodeScrapeState(
            nodeName,
            attemptedAt,
            previous?.LastSuccess,
            failure,
            attemptedAt,
            (previous?.ConsecutiveFailures ?? 0) + 1,
            duration,
            previous?.LastPayloadBytes ?? 0);
        _states[nodeName] = state;
        return (state, previous);
    }

    /// <summary>Drops the state of nodes that are no longer listed.</summary>
    /// <param name="removed">Told each node forgotten.</param>
    public void RemoveAllExcept(IReadOnlySet<string> listedNodeNames, Action<string>? removed = null)
    {
        foreach (var pair in _states)
        {
            if (!listedNodeNames.Contains(pair.Key) && _states.TryRemove(pair.Key, out _))
            {
                removed?.Invoke(pair.Key);
            }
        }
    }

    public ScrapeStatusSummary Summarize()
    {
        Span<int> perKind = stackalloc int[FailureKindCount];
        var total = 0;
        var failing = 0;
        foreach (var pair in _states)
        {
            total++;
            if (pair.Value is { IsFailing: true, LastFailure: { } failure })
            {
                failing++;
                perKind[(int)failure.Kind]++;
            }
        }

        if (failing == 0)
        {
            return new ScrapeStatusSummary(total, total, 0, null, 0, null, null);
        }

        var common = 0;
        for (var kind = 1; kind < perKind.Length; kind++)
        {
            if (perKind[kind] > perKind[common])
            {
                common = kind;
            }
        }

        var (exampleNode, exampleReason) = FirstFailingWith((ScrapeFailureKind)common);
        return new ScrapeStatusSummary(total, total - failing, failing, (ScrapeFailureKind)common, perKind[common], exampleNode, exampleReason);
    }

    private (string? Node, string? Reason) FirstFailingWith(ScrapeFailureKind kind)
    {
        string? node = null;
        string? reason = null;
        foreach (var pair in _states)
        {
            if (pair.Value is { IsFailing: true, LastFailure: { } failure }
                && failure.Kind == kind
                && (node is null || string.CompareOrdinal(pair.Key, node) < 0))
            {
                node = pair.Key;
                reason = failure.Reason;
            }
        }

        return (node, reason);
    }
}
