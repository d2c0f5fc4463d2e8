using System.Buffers;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using MetricsOperator.Serving.Api;
using MetricsOperator.Serving.Protobuf;
using MetricsOperator.Storage;
using MetricsOperator.Tests.Storage;
using static MetricsOperator.Tests.Storage.PayloadBuilder;
using ServedNode = MetricsOperator.Serving.Api.ServedNode;
using ServedPod = MetricsOperator.Serving.Api.ServedPod;

namespace MetricsOperator.Tests.Serving.Protobuf;

/// <summary>Whatever is served decodes back to the same values (Google.Protobuf reads the bytes by field number).</summary>
public sealed class ProtobufRoundTripTests
{
    private static readonly char[] NameAlphabet = ['a', 'b', 'z', '0', '9', '-', '.', '/', 'é', '日'];

    private readonly ProtobufMetricsRepresentation _representation = new();

    [Test]
    public void Is_registered_as_a_metrics_representation_with_the_kubernetes_protobuf_content_type()
    {
        using var provider = new ServiceCollection().AddProtobufMetricsRepresentation().BuildServiceProvider();

        var representations = provider.GetServices<IMetricsRepresentation>().ToList();

        Assert.That(representations, Has.Count.EqualTo(1));
        Assert.That(representations[0], Is.InstanceOf<ProtobufMetricsRepresentation>());
        Assert.That(representations[0].ContentType, Is.EqualTo("application/vnd.kubernetes.protobuf"));
    }

    [Test]
    public void Any_node_list_decodes_back_to_its_values()
    {
        var property = Prop.ForAll(NodeLists().ToArbitrary(), sample =>
        {
            var (nodes, includeSwap) = sample;
            var body = ProtocDecodeTests.Write((output, context) => _representation.WriteNodeList(output, nodes, context), includeSwap);

            var envelope = WireDecoder.Envelope(body);
            var decoded = WireDecoder.NodeList(envelope.Raw);

            Assert.That((envelope.ApiVersion, envelope.Kind, envelope.HasContentEncoding, envelope.HasContentType), Is.EqualTo(("metrics.k8s.io/v1beta1", "NodeMetricsList", false, false)));
            Assert.That(decoded, Has.Count.EqualTo(nodes.Length));
            for (var i = 0; i < nodes.Length; i++)
            {
                AssertNode(decoded[i], nodes[i], includeSwap);
            }
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }

    [Test]
    public void A_large_pod_list_outgrows_the_first_buffer_and_keeps_every_pod_in_order()
    {
        const int pods = 1000;
        var harness = new StoreHarness();
        harness.Put(ManyPods(pods, at: 10, cpu: 1_000_000_000));
        harness.Put(ManyPods(pods, at: 25, cpu: 1_150_000_000));
        using var view = harness.Store.OpenView();
        var usages = new List<PodUsage>();
        view.CollectPods(podNamespace: null, usages);
        var served = usages.Select(usage => new ServedPod(usage, Labels: null)).ToArray();

        var body = ProtocDecodeTests.Write((output, context) => _representation.WritePodList(output, served, context), includeSwap: false);
        var decoded = WireDecoder.PodList(WireDecoder.Envelope(body).Raw);

        var firstBuffer = BitOperations.RoundUpToPowerOf2((uint)(pods * 256) + 192);
        Assert.That(body, Has.Length.GreaterThan(firstBuffer), "larger than the pooled buffer rented for the first guess (256 bytes a pod)");
        Assert.That(decoded.Select(pod => pod.Metadata.Name), Is.EqualTo(served.Select(pod => pod.Usage.Name)));
        Assert.That(decoded.SelectMany(pod => pod.Containers).Select(container => container.Usage[0].Value), Is.All.EqualTo("10m"));
        Assert.That(decoded.Select(pod => pod.Containers.Count), Is.All.EqualTo(8));
    }

    [Test]
    public void Writing_a_list_allocates_only_the_output()
    {
        var nodes = Enumerable.Range(0, 100)
            .Select(i => ServedSamples.Nodes()[i % 2] with { Usage = ServedSamples.Nodes()[i % 2].Usage with { Name = $"node-{i:D3}" } })
            .ToArray();
        var output = new ArrayBufferWriter<byte>(1 << 16);
        var context = new RepresentationContext(ServedSamples.Now, IncludeSwap: true);
        for (var i = 0; i < 20; i++)
        {
            output.ResetWrittenCount();
            _representation.WriteNodeList(output, nodes, context);
        }

        output.ResetWrittenCount();
        var before = GC.GetAllocatedBytesForCurrentThread();
        _representation.WriteNodeList(output, nodes, context);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.LessThan(1024), "bytes allocated for a 100-node list (pooled buffer, span formatting)");
    }

    private static void AssertNode(DecodedNode decoded, ServedNode node, bool includeSwap)
    {
        var usage = node.Usage;
        var expectedUsage = new List<KeyValuePair<string, string>>
        {
            new("cpu", QuantityFormatter.FormatCpuNanoCores(usage.Usage.CpuNanoCores)),
            new("memory", QuantityFormatter.FormatBytes(usage.Usage.MemoryBytes)),
        };
        if (includeSwap && usage.Usage.HasSwap)
        {
            expectedUsage.Add(new("swap", QuantityFormatter.FormatBytes(usage.Usage.SwapBytes)));
        }

        var expectedLabels = (node.Labels ?? new Dictionary<string, string>()).OrderBy(pair => pair.Key, StringComparer.Ordinal).ToList();
        Assert.That(decoded.Metadata.Name, Is.EqualTo(usage.Name));
        Assert.That(decoded.Metadata.Namespace, Is.Null);
        Assert.That(decoded.Metadata.CreationSeconds, Is.EqualTo(ServedSamples.Now.ToUnixTimeSeconds()));
        Assert.That(decoded.Metadata.Labels, Is.EqualTo(expectedLabels));
        Assert.That(decoded.TimestampSeconds, Is.EqualTo((long)Math.Floor(usage.Measured.TimestampUnixNano / 1e9)).Within(0), "floor, also before 1970");
        Assert.That(decoded.WindowNanoseconds, Is.EqualTo(usage.Measured.WindowNanoseconds));
        Assert.That(decoded.Usage, Is.EqualTo(expectedUsage));
    }

    private static Gen<(ServedNode[] Nodes, bool IncludeSwap)> NodeLists()
    {
        var text = Gen.Choose(0, 200).SelectMany(length => Gen.ArrayOf(Gen.Elements(NameAlphabet), length)).Select(chars => new string(chars));
        var spread = ArbMap.Default.GeneratorFor<ulong>().Select(value => value >> (int)(value % 64));
        var timestamp = Gen.Choose(-2_000_000_000, 2_000_000_000).Select(seconds => (seconds * 1_000_000_000L) + (seconds % 1_000_000_000));
        var labels = Gen.ArrayOf(Gen.Zip(text, text)).Select(pairs => pairs.DistinctBy(pair => pair.Item1).ToDictionary(pair => pair.Item1, pair => pair.Item2));
        var node = from name in text
                   from at in timestamp
                   from window in spread
                   from cpu in spread
                   from memory in spread
                   from swap in Gen.OneOf(Gen.Constant<ulong?>(null), spread.Select(value => (ulong?)value))
                   from nodeLabels in Gen.OneOf(Gen.Constant<Dictionary<string, string>?>(null), labels.Select(set => (Dictionary<string, string>?)set))
                   select new ServedNode(
                       new NodeUsage(name, new MeasurementWindow(at, (long)(window >> 1)), new ResourceUsage(cpu, memory, swap ?? 0, swap.HasValue)),
                       nodeLabels);
        return from nodes in Gen.ArrayOf(node)
               from includeSwap in ArbMap.Default.GeneratorFor<bool>()
               select (nodes, includeSwap);
    }

    private static PayloadBuilder ManyPods(int pods, double at, ulong cpu)
    {
        var payload = new PayloadBuilder();
        for (var i = 0; i < pods; i++)
        {
            payload.Pod(
                $"namespace-{i % 7}",
                $"pod-{i:D5}-with-a-rather-long-generated-name-{i}",
                [.. Enumerable.Range(0, 8).Select(c => new ContainerPoint($"container-{c}", At(at), At(-3600), cpu, 100 * MiB))]);
        }

        return payload;
    }
}
