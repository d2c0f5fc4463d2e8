using System.Collections.Concurrent;
using System.Text;
using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Scraping;

/// <summary>An <see cref="INodeMetricsSink"/> that copies out what it is given, for assertions.</summary>
internal sealed class RecordingSink : INodeMetricsSink
{
    private readonly ConcurrentQueue<string> _failed = new();
    private readonly ConcurrentQueue<string> _removed = new();
    private readonly ConcurrentDictionary<string, StoredNode> _stored = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<StoredNode>> _history = new(StringComparer.Ordinal);
    private int _storeCalls;

    /// <summary>The last payload stored per node.</summary>
    public IReadOnlyDictionary<string, StoredNode> Stored => _stored;

    public IReadOnlyCollection<string> Failed => _failed;

    /// <summary>Nodes the scraper forgot, in order.</summary>
    public IReadOnlyCollection<string> Removed => _removed;

    public int StoreCalls => Volatile.Read(ref _storeCalls);

    /// <summary>Every payload stored for <paramref name="nodeName"/>, oldest first.</summary>
    public IReadOnlyList<StoredNode> History(string nodeName) =>
        _history.TryGetValue(nodeName, out var queue) ? [.. queue] : [];

    public void StoreNode(string nodeName, DecodedPayload payload)
    {
        Interlocked.Increment(ref _storeCalls);
        var pods = new List<string>();
        var containers = new Dictionary<string, ContainerSample>(StringComparer.Ordinal);
        foreach (var pod in payload.Pods)
        {
            var key = Text(payload, pod.Namespace) + "/" + Text(payload, pod.Name);
            pods.Add(key);
            foreach (var container in payload.ContainersOf(pod))
            {
                containers[key + "/" + Text(payload, container.Name)] = container;
            }
        }

        pods.Sort(StringComparer.Ordinal);
        var stored = new StoredNode(payload.HasNode ? payload.Node : null, pods, containers);
        _stored[nodeName] = stored;
        _history.GetOrAdd(nodeName, _ => new ConcurrentQueue<StoredNode>()).Enqueue(stored);
    }

    public void MarkNodeFailed(string nodeName) => _failed.Enqueue(nodeName);

    public void RemoveNode(string nodeName)
    {
        _removed.Enqueue(nodeName);
        _stored.TryRemove(nodeName, out _);
    }

    private static string Text(DecodedPayload payload, Utf8Range range) => Encoding.UTF8.GetString(payload.Label(range));

    /// <summary>A copy of one stored payload; containers are keyed <c>namespace/pod/container</c>.</summary>
    internal sealed record StoredNode(NodeSample? Node, IReadOnlyList<string> Pods, IReadOnlyDictionary<string, ContainerSample> Containers);
}
