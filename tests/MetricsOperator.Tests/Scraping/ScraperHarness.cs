using k8s.Models;
using MetricsOperator.Scraping;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Scraping;

/// <summary>The whole scraper wired to in-memory kubelets, a recording sink and a fake clock.</summary>
internal sealed class ScraperHarness : IDisposable
{
    private int _transportsBuilt;

    public ScraperHarness(
        ScrapeSettings? settings = null,
        INodeSource? nodes = null,
        TimeSpan? maxStagger = null,
        Func<IPayloadDecoder>? decoders = null,
        KubeletCredentials? credentials = null)
    {
        Kubelets = new FakeKubeletHandler(Time);
        Settings = new ScrapeSettingsSource(settings ?? new ScrapeSettings { Resolution = TimeSpan.FromSeconds(10), Timeout = TimeSpan.FromSeconds(3) });
        NodeSource = nodes ?? StaticNodes;
        Metrics = new ScraperMetrics(Probe, States);
        Client = new KubeletClient(credentials ?? KubeletCredentials.Anonymous, (transport, _) =>
        {
            Interlocked.Increment(ref _transportsBuilt);
            LastTransport = transport;
            return KubeletTransport.ForHandler(transport, new SharedHandler(Kubelets));
        });
        Recorder = new ScrapeOutcomeRecorder(Sink, States, Metrics, NullLogger<ScrapeOutcomeRecorder>.Instance);
        Round = new ScrapeRound(Client, decoders ?? KubeletPayloadDecoderAdapter.Factory, Recorder, Time, maxStagger ?? TimeSpan.Zero);
        Loop = new ScrapeLoop(Settings, NodeSource, Client, Round, Recorder, States, Metrics, Time, NullLogger<ScrapeLoop>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2021, 10, 3, 9, 36, 49, 720, TimeSpan.Zero));

    public FakeKubeletHandler Kubelets { get; }

    public RecordingSink Sink { get; } = new();

    public NodeScrapeStates States { get; } = new();

    public MetricsProbe Probe { get; } = new();

    public ScrapeSettingsSource Settings { get; }

    public StaticNodeSource StaticNodes { get; } = new([]);

    public INodeSource NodeSource { get; }

    public ScraperMetrics Metrics { get; }

    public KubeletClient Client { get; }

    public ScrapeOutcomeRecorder Recorder { get; }

    public ScrapeRound Round { get; }

    public ScrapeLoop Loop { get; }

    public int TransportsBuilt => Volatile.Read(ref _transportsBuilt);

    public KubeletTransportSettings? LastTransport { get; private set; }

    /// <summary>Adds nodes at 10.0.0.N with a kubelet that answers <paramref name="behaviour"/>.</summary>
    public void AddKubelets(KubeletBehaviour behaviour, params string[] names)
    {
        var nodes = StaticNodes.ListNodes().ToList();
        foreach (var name in names)
        {
            var ip = $"10.0.0.{nodes.Count + 1}";
            nodes.Add(Nodes.WithInternalIp(name, ip));
            Kubelets.Set(ip, behaviour);
        }

        StaticNodes.Replace(nodes);
    }

    public void SetKubelet(string nodeName, KubeletBehaviour behaviour)
    {
        var node = StaticNodes.ListNodes().Single(n => n.Metadata.Name == nodeName);
        Kubelets.Set(node.Status.Addresses[0].Address, behaviour);
    }

    public void AddNode(V1Node node) => StaticNodes.Replace([.. StaticNodes.ListNodes(), node]);

    public void RemoveNode(string name) => StaticNodes.Replace(StaticNodes.ListNodes().Where(n => n.Metadata.Name != name).ToList());

    public NodeScrapeState State(string node) => States.TryGet(node, out var state) ? state : throw new AssertionException($"no state for {node}");

    /// <summary>Waits (real time, bounded) until the condition holds; the fake clock does not move meanwhile.</summary>
    public static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new AssertionException("timed out waiting until " + what);
            }

            await Task.Delay(1);
        }
    }

    /// <summary>Awaits a task the test expects to finish promptly, failing instead of hanging.</summary>
    public static async Task<T> Promptly<T>(Task<T> task) => await task.WaitAsync(TimeSpan.FromSeconds(5));

    public static async Task Promptly(Task task) => await task.WaitAsync(TimeSpan.FromSeconds(5));

    public void Dispose()
    {
        Round.Dispose();
        Client.Dispose();
        Kubelets.Dispose();
        Probe.Dispose();
        Loop.Dispose();
    }

    /// <summary>Lets each transport generation dispose its handler without disposing the shared fake.</summary>
    private sealed class SharedHandler(HttpMessageHandler inner) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _invoker = new(inner, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _invoker.SendAsync(request, cancellationToken);
    }
}
