using System.Net;
using k8s.Models;

namespace MetricsOperator.KubeletFarm;

/// <summary>
/// One simulated kubelet: identity and address, a deterministic workload whose usage is known in advance, a fault plan
/// and request counters. Safe to mutate from a test while the farm serves it.
/// </summary>
internal sealed class SimulatedNode
{
    private readonly Lock _labelsGate = new();
    private KubeletFault _fault = KubeletFault.None;
    private IReadOnlyDictionary<string, string> _labels;
    private long _requestCount;
    private long _unauthorizedCount;
    private int _port;
    private int _renderSizeHint;
    private volatile bool _ready = true;

    /// <summary>A standalone node (no farm) with its own workload catalog; mostly for rendering tests.</summary>
    public SimulatedNode(string name, IPAddress address, int port, WorkloadShape shape, int index = 0, TimeProvider? time = null)
        : this(name, address, port, new WorkloadCatalog(shape), index, time ?? TimeProvider.System)
    {
    }

    internal SimulatedNode(string name, IPAddress address, int port, WorkloadCatalog catalog, int index, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)port, (uint)IPEndPoint.MaxPort, nameof(port));
        Name = name;
        Address = address;
        _port = port;
        Index = index;
        Time = time;
        Catalog = catalog;
        Workload = new NodeWorkload(catalog, index, time);
        _labels = DefaultLabels(name);
    }

    public string Name { get; }

    /// <summary>Position of the node in its farm; it seeds the workload and picks the address.</summary>
    public int Index { get; }

    public IPAddress Address { get; }

    /// <summary>The port the kubelet listens on; for a farm bound to port 0, the port the OS assigned.</summary>
    public int Port
    {
        get => Volatile.Read(ref _port);
        internal set => Volatile.Write(ref _port, value);
    }

    public TimeProvider Time { get; }

    public DateTimeOffset BootTime => DateTimeOffset.FromUnixTimeMilliseconds(Workload.BootUnixMs);

    public IReadOnlyList<SimulatedPod> Pods => Workload.View.Pods;

    public IReadOnlyDictionary<string, string> Labels => Volatile.Read(ref _labels);

    /// <summary>Whether <see cref="ToV1Node"/> reports the Ready condition as True.</summary>
    public bool Ready
    {
        get => _ready;
        set => _ready = value;
    }

    /// <summary>What the node does with the next requests; replace it at any time (the swap is atomic).</summary>
    public KubeletFault Fault
    {
        get => Volatile.Read(ref _fault);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.ThrowIfInvalid();
            Volatile.Write(ref _fault, value);
        }
    }

    /// <summary>Requests that reached this node's listener (any path, authorised or not).</summary>
    public long RequestCount => Interlocked.Read(ref _requestCount);

    /// <summary>Requests refused with 401.</summary>
    public long UnauthorizedRequestCount => Interlocked.Read(ref _unauthorizedCount);

    internal WorkloadCatalog Catalog { get; }

    /// <summary>Size of the last rendered body, so the next render rents a big enough buffer at once.</summary>
    internal int RenderSizeHint
    {
        get => Volatile.Read(ref _renderSizeHint);
        set => Volatile.Write(ref _renderSizeHint, value);
    }

    internal NodeWorkload Workload { get; }

    /// <summary>Node totals a scraper must compute: system overhead plus every pod.</summary>
    public ResourceUsage ExpectedNodeUsage() => Workload.Node.Usage;

    public ResourceUsage ExpectedPodUsage(string @namespace, string pod) =>
        (Workload.FindPod(@namespace, pod) ?? throw NotFound($"pod {@namespace}/{pod}")).Usage;

    public ResourceUsage ExpectedContainerUsage(string @namespace, string pod, string container) =>
        FindContainer(@namespace, pod, container).Usage;

    /// <summary>Adds a pod generated from the workload shape (a new deployment replica started now).</summary>
    public SimulatedPod AddPod() => Workload.AddGeneratedPod();

    /// <summary>Adds an explicitly described pod.</summary>
    public SimulatedPod AddPod(PodTemplate template) => Workload.AddPod(template);

    public bool RemovePod(string @namespace, string name) => Workload.RemovePod(@namespace, name);

    /// <summary>Restarts a container: its start time becomes now and its CPU counter falls back to 0.</summary>
    public void RestartContainer(string @namespace, string pod, string container) =>
        Workload.RestartContainer(FindContainer(@namespace, pod, container));

    public void RestartContainer(SimulatedContainer container) => Workload.RestartContainer(container);

    /// <summary>Changes a container's CPU rate and working set from now on; pod and node totals follow.</summary>
    public void SetContainerUsage(string @namespace, string pod, string container, ResourceUsage usage) =>
        Workload.SetContainerUsage(FindContainer(@namespace, pod, container), usage);

    public void SetContainerUsage(SimulatedContainer container, ResourceUsage usage) => Workload.SetContainerUsage(container, usage);

    /// <summary>Sets (or with a null value removes) a node label, e.g. for node-selector tests.</summary>
    public void SetLabel(string key, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        lock (_labelsGate)
        {
            var labels = new Dictionary<string, string>(Labels, StringComparer.Ordinal);
            if (value is null)
            {
                labels.Remove(key);
            }
            else
            {
                labels[key] = value;
            }

            Volatile.Write(ref _labels, labels);
        }
    }

    /// <summary>The Node object an apiserver would hold for this kubelet.</summary>
    public V1Node ToV1Node() => NodeObjectBuilder.Build(this);

    internal void CountRequest() => Interlocked.Increment(ref _requestCount);

    internal void CountUnauthorized() => Interlocked.Increment(ref _unauthorizedCount);

    private SimulatedContainer FindContainer(string @namespace, string pod, string container) =>
        Workload.FindContainer(@namespace, pod, container) ?? throw NotFound($"container {@namespace}/{pod}/{container}");

    private KeyNotFoundException NotFound(string what) => new($"{what} does not run on node {Name}");

    private static Dictionary<string, string> DefaultLabels(string name) => new(StringComparer.Ordinal)
    {
        ["kubernetes.io/hostname"] = name,
        ["kubernetes.io/os"] = "linux",
        ["kubernetes.io/arch"] = "amd64",
        ["node.kubernetes.io/instance-type"] = "kubelet-farm",
    };
}
