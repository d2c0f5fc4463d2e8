using System.Net;
using System.Text;
using MetricsOperator.KubeletFarm;
using MetricsOperator.Scraping;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricsOperator.Tests.Scraping;

/// <summary>Steady-state allocation of the scrape path (round set-up, request, body, decode, outcome), without sockets.</summary>
[NonParallelizable]
internal sealed class ScrapeAllocationTests
{
    private const int NodeCount = 200;

    /// <summary>Target T6 of the performance anchors: at most 4 KiB per node-scrape in steady state.</summary>
    private const double BudgetBytesPerNodeScrape = 4096;

    [Test]
    public async Task A_steady_round_allocates_less_than_4_KiB_per_node_scrape()
    {
        using var harness = new ScraperHarness(new ScrapeSettings { Resolution = TimeSpan.FromSeconds(10), Timeout = TimeSpan.FromSeconds(3) });
        var body = Encoding.UTF8.GetBytes(new KubeletPayloadRenderer().RenderToString(
            new SimulatedNode("template", IPAddress.Loopback, 10250, new WorkloadShape { PodsPerNode = 30 })));
        var nodes = new List<k8s.Models.V1Node>();
        for (var i = 0; i < NodeCount; i++)
        {
            var address = $"10.1.{i / 250}.{(i % 250) + 1}";
            nodes.Add(Nodes.WithInternalIp("node" + i, address));
            harness.Kubelets.Set(address, new KubeletBehaviour { Body = body });
        }

        harness.StaticNodes.Replace(nodes);
        var sink = new CountingSink();
        var recorder = new ScrapeOutcomeRecorder(sink, harness.States, harness.Metrics, NullLogger<ScrapeOutcomeRecorder>.Instance);
        using var round = new ScrapeRound(harness.Client, KubeletPayloadDecoderAdapter.Factory, recorder, harness.Time, TimeSpan.Zero);
        using var loop = new ScrapeLoop(harness.Settings, harness.NodeSource, harness.Client, round, recorder, harness.States, harness.Metrics, harness.Time, NullLogger<ScrapeLoop>.Instance);
        for (var warmUp = 0; warmUp < 3; warmUp++)
        {
            await loop.RunRoundAsync(CancellationToken.None);
        }

        const int rounds = 10;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < rounds; i++)
        {
            await loop.RunRoundAsync(CancellationToken.None);
        }

        var perNodeScrape = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)(rounds * NodeCount);

        TestContext.Out.WriteLine($"{body.Length} B payload: {perNodeScrape:F0} B allocated per node-scrape (in-memory handler included)");
        Assert.That(sink.Stored, Is.EqualTo((rounds + 3) * NodeCount));
        Assert.That(perNodeScrape, Is.LessThan(BudgetBytesPerNodeScrape));
    }

    private sealed class CountingSink : INodeMetricsSink
    {
        private int _stored;

        public int Stored => Volatile.Read(ref _stored);

        public void StoreNode(string nodeName, DecodedPayload payload) => Interlocked.Increment(ref _stored);

        public void MarkNodeFailed(string nodeName)
        {
        }

        public void RemoveNode(string nodeName)
        {
        }
    }
}
