using System.Collections.Concurrent;
using System.Text;
using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Scraping;

/// <summary>An <see cref="INodeMetricsSink"/> that copies out what it is given, for assertions.</summary>
internal sealed class RecordingSink : INodeMetricsSink
{
    private readonly ConcurrentQueue<string> _failed = new();
    private readonly ConcurrentDictionary<string, StoredNode> _stored = new(StringComparer.Ordinal);
    private int _storeCalls;

    public IReadOnlyDictionary<string, StoredNode> Stored => _stored;

    public IReadOnlyCollection<string> Failed => _failed;

    public int StoreCalls => Volatile.Read(ref _storeCalls);

    public void StoreNode(string nodeName, DecodedPayload payload)
    {
        Interlocked.Increment(ref _storeCalls);
        var pods = new List<string>();
        foreach (var pod in payload.Pods)
        {
            pods.Add(Encoding.UTF8.GetString(payload.Label(pod.Namespace)) + "/" + Encoding.UTF8.GetString(payload.Label(pod.Name)));
        }

        pods.Sort(StringComparer.Ordinal);
        _stored[nodeName] = new StoredNode(payload.HasNode ? payload.Node : null, pods);
    }

    public void MarkNodeFailed(string nodeName) => _failed.Enqueue(nodeName);

    internal sealed record StoredNode(NodeSample? Node, IReadOnlyList<string> Pods);
}
