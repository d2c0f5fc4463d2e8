using MetricsOperator.Scraping;
using MetricsOperator.Storage;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Storage;

/// <summary>
/// The storage budgets (performance anchors T5, T6): heap per stored pod (2 containers, names and keys included)
/// and steady-state allocation per StoreNode of a 30-pod × 2-container node.
/// </summary>
[NonParallelizable]
public sealed class BudgetTests
{
    private const int PodsPerNode = 30;
    private const int ContainersPerPod = 2;

    [Test]
    public void Steady_state_store_of_a_30x2_node_allocates_nothing()
    {
        var store = NewStore();
        var node = new SyntheticNode(1, PodsPerNode, ContainersPerPod);
        var payload = new DecodedPayload();
        for (var round = 1; round <= 5; round++)
        {
            node.Fill(payload, round);
            store.StoreNode(node.Name, payload);
        }

        const int Rounds = 2_000;
        long allocated = 0;
        for (var round = 6; round < 6 + Rounds; round++)
        {
            node.Fill(payload, round);
            var before = GC.GetAllocatedBytesForCurrentThread();
            store.StoreNode(node.Name, payload);
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var perStore = (double)allocated / Rounds;
        TestContext.Out.WriteLine($"allocated per StoreNode (30 pods x 2 containers, steady state): {perStore:F1} B");
        Assert.That(perStore, Is.LessThanOrEqualTo(1024), "budget: 1 KiB per node scrape");
        Assert.That(perStore, Is.Zero, "a pooled table is reused and names are carried over");
    }

    [Test]
    public void Steady_state_read_of_a_pod_allocates_nothing()
    {
        var store = NewStore();
        var node = new SyntheticNode(1, PodsPerNode, ContainersPerPod);
        var payload = new DecodedPayload();
        for (var round = 1; round <= 3; round++)
        {
            node.Fill(payload, round);
            store.StoreNode(node.Name, payload);
        }

        var podNamespace = node.Namespace(7);
        var podName = node.PodName(7);
        ReadPod(store, podNamespace, podName);
        var before = GC.GetAllocatedBytesForCurrentThread();
        ulong checksum = 0;
        for (var i = 0; i < 1_000; i++)
        {
            checksum += ReadPod(store, podNamespace, podName);
        }

        var perRead = (GC.GetAllocatedBytesForCurrentThread() - before) / 1_000.0;
        TestContext.Out.WriteLine($"allocated per view + TryGetPod + container read: {perRead:F1} B");
        Assert.That(checksum, Is.Not.Zero);
        Assert.That(perRead, Is.Zero);
    }

    [Test]
    public void Stored_pod_costs_well_under_a_kibibyte_including_names_and_index()
    {
        const int Nodes = 200;
        var nodes = Enumerable.Range(0, Nodes).Select(i => new SyntheticNode(i, PodsPerNode, ContainersPerPod)).ToArray();
        var payload = new DecodedPayload();
        nodes[0].Fill(payload, 1);

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var store = NewStore();
        for (var round = 1; round <= 3; round++)
        {
            foreach (var node in nodes)
            {
                node.Fill(payload, round);
                store.StoreNode(node.Name, payload);
            }
        }

        var used = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        var perPod = (double)used / (Nodes * PodsPerNode);
        TestContext.Out.WriteLine($"heap per stored pod (2 containers, the table and the pooled spare, names, index): {perPod:F0} B");
        Assert.That(store.Counts.Pods, Is.EqualTo(Nodes * PodsPerNode));
        Assert.That(perPod, Is.LessThanOrEqualTo(1024), "budget T5: 1 KiB per pod");
        Assert.That(perPod, Is.LessThanOrEqualTo(450), "one table per node (~370 B a pod); a spare per node adds ~175 B");
        GC.KeepAlive(store);
        GC.KeepAlive(nodes);
    }

    private static ulong ReadPod(MetricsStore store, string podNamespace, string podName)
    {
        using var view = store.OpenView();
        if (!view.TryGetPod(podNamespace, podName, out var usage))
        {
            return 0;
        }

        ulong sum = 0;
        foreach (var container in usage.Containers)
        {
            sum += container.Usage.CpuNanoCores + container.Usage.MemoryBytes;
        }

        return sum;
    }

    private static MetricsStore NewStore() =>
        new(new FakeTimeProvider(PayloadBuilder.T0), new ScrapeSettingsSource(new ScrapeSettings { Resolution = TimeSpan.FromSeconds(15) }));
}
