using k8s.Models;
using MetricsOperator.Kubernetes.Informers;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Kubernetes.Pods;
using MetricsOperator.Scraping;
using MetricsOperator.Serving.Api;
using MetricsOperator.Storage;
using MetricsOperator.Tests.Storage;
using Microsoft.Extensions.Time.Testing;
using ContainerPoint = MetricsOperator.Tests.Storage.ContainerPoint;

namespace MetricsOperator.Tests.Serving.Api;

/// <summary>One container's served usage: cpu in nanocores, memory and swap in bytes.</summary>
internal sealed record TestContainer(string Name, ulong CpuNanoCores, ulong MemoryBytes, ulong? SwapBytes = null);

/// <summary>
/// A cluster for API tests, built from real parts: a <see cref="MetricsStore"/> filled with two scrapes per node (so
/// the given rates are served), a <see cref="PodMetadataCache"/> of running pods, and an
/// <see cref="InformerNodeDirectory"/> over a node <see cref="InformerCache{T}"/>. The second scrape is taken at the
/// clock's now, so every served timestamp is <see cref="Now"/>.
/// </summary>
internal sealed class TestCluster : IDisposable
{
    /// <summary>1 cpu-second in the kubelet's cumulative unit (nanocore-seconds); the first scrape starts there.</summary>
    private const ulong CpuBase = 1_000_000_000;

    private readonly Dictionary<string, NodeSpec> _nodes = new(StringComparer.Ordinal);
    private readonly List<V1Node> _nodeObjects = [];

    public TestCluster(TimeSpan? resolution = null)
    {
        Clock = new FakeTimeProvider(PayloadBuilder.T0.AddMinutes(5));
        Store = new MetricsStore(Clock, new ScrapeSettingsSource(new ScrapeSettings { Resolution = resolution ?? TimeSpan.FromSeconds(60) }));
        NodeDirectory = InformerNodeDirectory.Attach(NodeCache);
    }

    public FakeTimeProvider Clock { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary><see cref="Now"/> as the API writes timestamps.</summary>
    public string NowText => Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public MetricsStore Store { get; }

    public PodMetadataCache Pods { get; } = new();

    public InformerCache<V1Node> NodeCache { get; } = new();

    public InformerNodeDirectory NodeDirectory { get; }

    /// <summary>A node object the informer knows; without <paramref name="metrics"/> it is never scraped.</summary>
    public TestCluster Node(string name, NodeMetricsSpec? metrics = null, params (string Key, string Value)[] labels)
    {
        _nodeObjects.Add(new V1Node { Metadata = new V1ObjectMeta { Name = name, Labels = ToDictionary(labels), ResourceVersion = "1" } });
        _nodes[name] = new NodeSpec(metrics, []);
        return this;
    }

    /// <summary>A pod on <paramref name="nodeName"/>: running unless said otherwise, with metrics unless it has no containers.</summary>
    public TestCluster Pod(
        string nodeName, string podNamespace, string name, TestContainer[] containers, TimeSpan? window = null, bool running = true, params (string Key, string Value)[] labels)
    {
        if (running)
        {
            var uid = Guid.NewGuid().ToString("D");
            Pods.Upsert(new PartialObjectMetadata
            {
                Metadata = new V1ObjectMeta { NamespaceProperty = podNamespace, Name = name, Uid = uid, Labels = ToDictionary(labels) },
            });
        }

        if (containers.Length > 0)
        {
            _nodes[nodeName].Pods.Add(new PodSpec(podNamespace, name, containers, window ?? TimeSpan.FromSeconds(10)));
        }

        return this;
    }

    /// <summary>Informs the node cache and stores two scrapes of every node, the second at <see cref="Now"/>.</summary>
    public TestCluster Publish()
    {
        NodeCache.Replace(_nodeObjects);
        foreach (var (name, spec) in _nodes)
        {
            if (spec.Metrics is null && spec.Pods.Count == 0)
            {
                continue;
            }

            Store.StoreNode(name, Scrape(spec, second: false).Build());
            Store.StoreNode(name, Scrape(spec, second: true).Build());
        }

        return this;
    }

    public void Dispose() => Pods.Dispose();

    private PayloadBuilder Scrape(NodeSpec spec, bool second)
    {
        var builder = new PayloadBuilder();
        var now = PayloadBuilder.UnixNano(Now);
        if (spec.Metrics is { } node)
        {
            var window = Nanoseconds(node.Window);
            builder.Node(
                second ? now : now - window,
                second ? CpuBase + Cumulative(node.CpuNanoCores, window) : CpuBase,
                node.MemoryBytes,
                node.SwapBytes);
        }

        foreach (var pod in spec.Pods)
        {
            var window = Nanoseconds(pod.Window);
            var timestamp = second ? now : now - window;
            var started = PayloadBuilder.UnixNano(Now.AddDays(-1));
            var points = pod.Containers
                .Select(c => new ContainerPoint(c.Name, timestamp, started, second ? CpuBase + Cumulative(c.CpuNanoCores, window) : CpuBase, c.MemoryBytes, c.SwapBytes))
                .ToArray();
            builder.Pod(pod.Namespace, pod.Name, points);
        }

        return builder;
    }

    /// <summary>Nanocore-seconds used at <paramref name="nanoCores"/> over <paramref name="windowNanoseconds"/>.</summary>
    private static ulong Cumulative(ulong nanoCores, long windowNanoseconds) =>
        (ulong)(((UInt128)nanoCores * (ulong)windowNanoseconds) / 1_000_000_000);

    private static long Nanoseconds(TimeSpan window) => window.Ticks * TimeSpan.NanosecondsPerTick;

    private static Dictionary<string, string>? ToDictionary((string Key, string Value)[] labels) =>
        labels.Length == 0 ? null : labels.ToDictionary(l => l.Key, l => l.Value);

    private sealed record NodeSpec(NodeMetricsSpec? Metrics, List<PodSpec> Pods);

    private sealed record PodSpec(string Namespace, string Name, TestContainer[] Containers, TimeSpan Window);
}

/// <summary>A node's served usage and the window it is measured over.</summary>
internal sealed record NodeMetricsSpec(ulong CpuNanoCores, ulong MemoryBytes, TimeSpan Window, ulong? SwapBytes = null);
