using System.Buffers;
using System.Text;
using MetricsOperator.Kubernetes.Pods;
using MetricsOperator.Kubernetes.Selectors;
using MetricsOperator.Serving.Api;

namespace MetricsOperator.Tests.Serving.Api;

/// <summary>
/// The raw PodMetricsList writer produces exactly the bytes of the general layout through a Utf8JsonWriter,
/// including the pods it hands back to that layout (text to escape, a window in microseconds).
/// </summary>
public sealed class JsonPodListTests
{
    private TestCluster _cluster = null!;

    [OneTimeSetUp]
    public void BuildCluster()
    {
        _cluster = new TestCluster();
        _cluster.Node("node-a", new NodeMetricsSpec(250_000_000, 1024 * 1024 * 1024, TimeSpan.FromSeconds(15)));
        _cluster.Node("node-b", new NodeMetricsSpec(250_000_000, 1024 * 1024 * 1024, TimeSpan.FromSeconds(15)));
        for (var i = 0; i < 40; i++)
        {
            _cluster.Pod(
                i % 2 == 0 ? "node-a" : "node-b",
                $"ns-{i % 3}",
                $"pod-{i:D3}",
                [new("sidecar", (ulong)i * 1_234_567, (ulong)i * 1000 + 7, (ulong)i * 4096), new("app", 10_000_000 + (ulong)i, 1024 * 1024 * (ulong)i)],
                window: TimeSpan.FromMilliseconds(10_000 + (i % 4 * 1_500)),
                labels: [("app", $"web-{i % 5}"), ("tier", "front<&>'+")]);
        }

        _cluster.Pod("node-a", "ns-0", "no-labels", [new("only", 1, 1)]);
        _cluster.Pod("node-b", "ns-0", "pod-\"quoted\\", [new("app", 2_000_000, 3_000_000)], labels: ("k", "v"));
        _cluster.Pod("node-a", "ns-é", "unicode-namespace", [new("app", 2_000_000, 3_000_000)]);
        _cluster.Pod("node-b", "ns-1", "tiny-window", [new("app", 5, 6)], window: TimeSpan.FromTicks(15));
        _cluster.Pod("node-a", "ns-2", "container-to-escape", [new("a\"b", 5, 6), new("ctl\u0001", 7, 8)]);
        _cluster.Pod("node-b", "ns-2", "running-without-metrics", []);
        _cluster.Publish();
    }

    [OneTimeTearDown]
    public void Dispose() => _cluster.Dispose();

    [TestCase(false)]
    [TestCase(true)]
    public void The_list_is_byte_identical_to_the_general_layout(bool includeSwap)
    {
        using var view = _cluster.Store.OpenView();
        var pods = ServedPods(view);
        var context = new RepresentationContext(_cluster.Now, includeSwap);

        var expected = new ArrayBufferWriter<byte>();
        JsonList.Write(expected, pods, context, PodListLayout.Instance);
        var actual = new ArrayBufferWriter<byte>();
        JsonPodList.Write(actual, pods, context);

        Assert.Multiple(() =>
        {
            Assert.That(pods, Has.Count.EqualTo(45));
            Assert.That(Encoding.UTF8.GetString(actual.WrittenSpan), Is.EqualTo(Encoding.UTF8.GetString(expected.WrittenSpan)));
            Assert.That(Encoding.UTF8.GetString(actual.WrittenSpan), Does.Contain("\"1.5µs\"").And.Contain("pod-\\\"quoted\\\\").And.Contain("ctl\\u0001"));
        });
    }

    [Test]
    public void An_empty_list_is_the_layout_envelope()
    {
        var context = new RepresentationContext(_cluster.Now, false);
        var expected = new ArrayBufferWriter<byte>();
        JsonList.Write(expected, Array.Empty<ServedPod>(), context, PodListLayout.Instance);
        var actual = new ArrayBufferWriter<byte>();

        JsonPodList.Write(actual, Array.Empty<ServedPod>(), context);

        Assert.That(Encoding.UTF8.GetString(actual.WrittenSpan), Is.EqualTo(Encoding.UTF8.GetString(expected.WrittenSpan)));
    }

    [TestCase("")]
    [TestCase("metadata.namespace!=ns-1")]
    public async Task A_list_selected_piece_by_piece_is_the_list_selected_at_once(string fieldSelector)
    {
        using var view = _cluster.Store.OpenView();
        var fields = FieldSelector.Parse(fieldSelector);
        var all = ServedPods(view).Where(p => fields.Matches(p.Usage.Name, p.Usage.Namespace)).ToList();
        var context = new RepresentationContext(_cluster.Now, false);
        var expected = new ArrayBufferWriter<byte>();
        JsonPodList.Write(expected, all, context);
        var candidates = new List<PodMetadata>();
        _cluster.Pods.Collect(null, LabelSelector.Everything, candidates);
        using var harness = new MetricsOperator.Tests.Serving.Diagnostics.CollectorHarness();
        var selection = new PodSelection(candidates, fields, view, new MetricsOperator.Serving.Diagnostics.ApiInstruments(harness.Meters), _cluster.Now, []);
        var pipe = new System.IO.Pipelines.Pipe();

        // Pieces of 512 candidates: this list fits in one, so the pieces here are smaller.
        var pieces = 0;
        while (selection.TryNextPiece(7, out var piece))
        {
            pieces++;
            Assert.That(piece, Has.Count.LessThanOrEqualTo(7));
        }

        await JsonPodList.WriteAsync(
            pipe.Writer, new PodSelection(candidates, fields, view, new MetricsOperator.Serving.Diagnostics.ApiInstruments(harness.Meters), _cluster.Now, []), context, CancellationToken.None);
        await pipe.Writer.CompleteAsync();
        var read = await pipe.Reader.ReadAtLeastAsync(int.MaxValue);

        Assert.Multiple(() =>
        {
            Assert.That(candidates, Has.Count.EqualTo(46), "one running pod has no metrics");
            Assert.That(pieces, Is.EqualTo((46 + 6) / 7));
            Assert.That(Encoding.UTF8.GetString(read.Buffer.ToArray()), Is.EqualTo(Encoding.UTF8.GetString(expected.WrittenSpan)));
            Assert.That(harness.Scrape(), Does.Contain($"metrics_server_api_metric_freshness_seconds_count {all.Count * 2}\n"), "one observation per served pod, per selection");
        });
    }

    [Test]
    public async Task The_next_piece_is_written_while_the_previous_one_is_flushed_and_no_further()
    {
        // Three pieces of 512 candidates; a pipe whose flushes wait until the reader has read everything.
        const int Pods = (2 * JsonList.ItemsPerFlush) + 100;
        using var cluster = new TestCluster();
        for (var n = 0; n < Pods / 50; n++)
        {
            cluster.Node($"node-{n:D2}", new NodeMetricsSpec(250_000_000, 1024 * 1024 * 1024, TimeSpan.FromSeconds(15)));
        }

        for (var i = 0; i < Pods; i++)
        {
            cluster.Pod($"node-{i % (Pods / 50):D2}", $"ns-{i % 3}", $"pod-{i:D4}", [new("app", 10_000_000 + (ulong)i, 1024 * 1024)], labels: ("app", $"web-{i % 4}"));
        }

        cluster.Publish();
        using var view = cluster.Store.OpenView();
        var context = new RepresentationContext(cluster.Now, false);
        var candidates = new List<PodMetadata>();
        cluster.Pods.Collect(null, LabelSelector.Everything, candidates);
        var expected = new ArrayBufferWriter<byte>();
        JsonPodList.Write(expected, ServedPods(cluster, view), context);
        using var harness = new MetricsOperator.Tests.Serving.Diagnostics.CollectorHarness();
        var selection = new PodSelection(candidates, FieldSelector.Everything, view, new MetricsOperator.Serving.Diagnostics.ApiInstruments(harness.Meters), cluster.Now, []);
        var pipe = new System.IO.Pipelines.Pipe(new System.IO.Pipelines.PipeOptions(pauseWriterThreshold: 1, resumeWriterThreshold: 1));

        // Returns at the first flush that waits: the first piece is in the pipe, the second selected and written aside.
        var writing = JsonPodList.WriteAsync(pipe.Writer, selection, context, CancellationToken.None).AsTask();
        var selectedWhileFlushing = harness.Scrape();
        using var read = new MemoryStream();
        var reading = pipe.Reader.CopyToAsync(read);
        await writing;
        await pipe.Writer.CompleteAsync();
        await reading;

        Assert.Multiple(() =>
        {
            Assert.That(writing.IsCompletedSuccessfully, Is.True);
            Assert.That(selectedWhileFlushing, Does.Contain($"metrics_server_api_metric_freshness_seconds_count {2 * JsonList.ItemsPerFlush}\n"), "two pieces selected, not one and not all");
            Assert.That(Encoding.UTF8.GetString(read.ToArray()), Is.EqualTo(Encoding.UTF8.GetString(expected.WrittenSpan)));
        });
    }

    [Test]
    public void A_long_window_with_swap_fits_an_output_that_gives_exactly_the_space_asked_for()
    {
        using var cluster = new TestCluster();
        cluster.Node("node-w", new NodeMetricsSpec(250_000_000, 1024 * 1024 * 1024, TimeSpan.FromSeconds(15)));
        cluster.Pod("node-w", "n", "p", [new("c", 999_999_999_999, 999_999_999_999, 999_999_999_999)], window: new TimeSpan(23, 59, 59) + TimeSpan.FromTicks(9_999_999));
        cluster.Publish();
        using var view = cluster.Store.OpenView();
        var pods = new List<ServedPod>();
        Assert.That(view.TryGetPod("n", "p", out var usage), Is.True);
        pods.Add(new ServedPod(usage, null));
        var context = new RepresentationContext(cluster.Now, true);
        var expected = new ArrayBufferWriter<byte>();
        JsonList.Write(expected, pods, context, PodListLayout.Instance);
        var actual = new ExactSpanWriter();

        JsonPodList.Write(actual, pods, context);

        Assert.That(Encoding.UTF8.GetString(actual.Written.ToArray()), Is.EqualTo(Encoding.UTF8.GetString(expected.WrittenSpan)).And.Contain("23h59m59.9999999s"));
    }

    private List<ServedPod> ServedPods(MetricsOperator.Storage.MetricsReadView view) => ServedPods(_cluster, view);

    private static List<ServedPod> ServedPods(TestCluster cluster, MetricsOperator.Storage.MetricsReadView view)
    {
        var metadata = new List<PodMetadata>();
        cluster.Pods.Collect(null, LabelSelector.Everything, metadata);
        var served = new List<ServedPod>();
        foreach (var pod in metadata)
        {
            if (view.TryGetPod(pod.Namespace, pod.Name, out var usage))
            {
                served.Add(new ServedPod(usage, pod.Labels));
            }
        }

        return served;
    }

    /// <summary>An output whose spans are exactly as long as asked for, so a writer that under-asks fails.</summary>
    private sealed class ExactSpanWriter : IBufferWriter<byte>
    {
        private readonly ArrayBufferWriter<byte> _written = new();
        private byte[] _current = [];

        public ReadOnlySpan<byte> Written => _written.WrittenSpan;

        public void Advance(int count) => _written.Write(_current.AsSpan(0, count));

        public Memory<byte> GetMemory(int sizeHint = 0) => _current = new byte[Math.Max(sizeHint, 1)];

        public Span<byte> GetSpan(int sizeHint = 0) => _current = new byte[Math.Max(sizeHint, 1)];
    }
}
