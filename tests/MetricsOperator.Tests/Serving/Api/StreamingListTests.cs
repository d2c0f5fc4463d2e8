using System.IO.Pipelines;
using System.Text;
using System.Text.Json.Nodes;
using MetricsOperator.Serving.Api;

namespace MetricsOperator.Tests.Serving.Api;

/// <summary>Long lists go out in flushed pieces, are complete and valid, and stop when the client is gone.</summary>
public sealed class StreamingListTests
{
    private const string Api = "/apis/metrics.k8s.io/v1beta1";
    private const int Pods = 1_500;
    private const int PodsPerNode = 30;

    private TestCluster _cluster = null!;

    [OneTimeSetUp]
    public void BuildCluster()
    {
        _cluster = new TestCluster();
        for (var n = 0; n < Pods / PodsPerNode; n++)
        {
            _cluster.Node($"node-{n:D3}", new NodeMetricsSpec(250_000_000, 1024 * 1024 * 1024, TimeSpan.FromSeconds(15)));
        }

        for (var i = 0; i < Pods; i++)
        {
            _cluster.Pod($"node-{i / PodsPerNode:D3}", $"ns-{i % 7}", $"pod-{i:D4}", [new("app", 10_000_000, 1024 * 1024)], labels: ("app", "web"));
        }

        _cluster.Publish();
    }

    [OneTimeTearDown]
    public void Dispose() => _cluster.Dispose();

    [TestCase("application/json")]
    [TestCase("application/json;as=Table;v=v1;g=meta.k8s.io")]
    [TestCase("application/yaml")]
    public async Task A_list_longer_than_the_streaming_threshold_is_complete_and_sorted(string accept)
    {
        await using var server = await MetricsApiTestServer.StartAsync(_cluster);

        using var response = await server.GetAsync($"{Api}/pods", accept);
        var body = await response.Content.ReadAsStringAsync();
        var document = accept.Contains("yaml", StringComparison.Ordinal) ? YamlReader.Read(body)! : JsonNode.Parse(body)!;

        var items = document[accept.Contains("Table", StringComparison.Ordinal) ? "rows" : "items"]!.AsArray();
        var keys = items.Select(item =>
        {
            var metadata = (item!["object"] ?? item)["metadata"]!;
            return metadata["namespace"]!.GetValue<string>() + "/" + metadata["name"]!.GetValue<string>();
        }).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(Pods, Is.GreaterThan(IStreamingMetricsRepresentation.StreamingThreshold));
            Assert.That(keys, Has.Length.EqualTo(Pods));
            Assert.That(keys, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        });
    }

    [Test]
    public async Task A_streamed_list_is_the_same_document_as_one_written_at_once()
    {
        var pods = ServedPods();
        var context = new RepresentationContext(_cluster.Now, IncludeSwap: false);
        var json = new JsonMetricsRepresentation();
        var atOnce = new System.Buffers.ArrayBufferWriter<byte>();
        json.WritePodList(atOnce, pods.Served, context);
        var flushes = new CountingPipeWriter();

        await json.WritePodListAsync(flushes, pods.Served, context, CancellationToken.None);
        pods.View.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(flushes.Text, Is.EqualTo(Encoding.UTF8.GetString(atOnce.WrittenSpan)));
            Assert.That(flushes.Flushes, Is.EqualTo((Pods + JsonList.ItemsPerFlush - 1) / JsonList.ItemsPerFlush), "one flush per piece");
            Assert.That(JsonNode.Parse(flushes.Text)!["items"]!.AsArray(), Has.Count.EqualTo(Pods));
        });
    }

    [Test]
    public async Task Writing_stops_when_the_client_is_gone()
    {
        var pods = ServedPods();
        var gone = new CountingPipeWriter { CompleteAfterFlushes = 1 };

        await TableMetricsRepresentation.V1.WritePodListAsync(gone, pods.Served, new RepresentationContext(_cluster.Now, false), CancellationToken.None);
        pods.View.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(gone.Flushes, Is.EqualTo(1));
            Assert.That(gone.Text.Length, Is.LessThan(JsonList.ItemsPerFlush * 1000), "only the first piece was written");
        });
    }

    private (MetricsOperator.Storage.MetricsReadView View, List<ServedPod> Served) ServedPods()
    {
        var metadata = new List<MetricsOperator.Kubernetes.Pods.PodMetadata>();
        _cluster.Pods.Collect(null, MetricsOperator.Kubernetes.Selectors.LabelSelector.Everything, metadata);
        metadata.Sort((a, b) => string.CompareOrdinal(a.Namespace + "/" + a.Name, b.Namespace + "/" + b.Name));
        var view = _cluster.Store.OpenView();
        var served = new List<ServedPod>();
        foreach (var pod in metadata)
        {
            Assert.That(view.TryGetPod(pod.Namespace, pod.Name, out var usage), Is.True);
            served.Add(new ServedPod(usage, pod.Labels));
        }

        return (view, served);
    }

    /// <summary>A pipe writer into memory that counts flushes and can report the reader gone after some of them.</summary>
    private sealed class CountingPipeWriter : PipeWriter
    {
        private readonly System.Buffers.ArrayBufferWriter<byte> _buffer = new();

        public int Flushes { get; private set; }

        public int? CompleteAfterFlushes { get; init; }

        public string Text => Encoding.UTF8.GetString(_buffer.WrittenSpan);

        public override void Advance(int bytes) => _buffer.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => _buffer.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => _buffer.GetSpan(sizeHint);

        public override void CancelPendingFlush()
        {
        }

        public override void Complete(Exception? exception = null)
        {
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Flushes++;
            return ValueTask.FromResult(new FlushResult(isCanceled: false, isCompleted: Flushes >= CompleteAfterFlushes));
        }
    }
}
