using MetricsOperator.Scraping;
using MetricsOperator.Storage;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Storage;

/// <summary>
/// Readers running while writers store, remove pods and reuse their tables: every pod read must be one scrape's
/// data (all containers of the same round, matching the pod's timestamp) and every rate must be the constant one
/// the synthetic kubelet produces.
/// </summary>
[NonParallelizable]
public sealed class ConcurrencyTests
{
    private const int Nodes = 4;
    private const int PodsPerNode = 20;
    private const int ContainersPerPod = 2;
    private const int Rounds = 1_500;

    [Test]
    [CancelAfter(60_000)]
    public void Readers_never_see_torn_or_mixed_data_while_writers_store()
    {
        var store = new MetricsStore(
            new FakeTimeProvider(PayloadBuilder.T0),
            new ScrapeSettingsSource(new ScrapeSettings { Resolution = TimeSpan.FromSeconds(15) }));
        var nodes = Enumerable.Range(0, Nodes).Select(i => new SyntheticNode(i, PodsPerNode, ContainersPerPod)).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var writersDone = 0;
        long podsChecked = 0;
        using var start = new ManualResetEventSlim();

        // Dedicated threads: on two cores the thread pool would run the readers only after the writers.
        var writers = nodes.Select((node, n) => Run(() =>
        {
            start.Wait();
            var payload = new DecodedPayload();
            for (var round = 1; round <= Rounds; round++)
            {
                node.Fill(payload, round);
                store.StoreNode(node.Name, payload);
                if (n == 0 && round % 50 == 0)
                {
                    store.RemovePod(node.Namespace(round % PodsPerNode), node.PodName(round % PodsPerNode));
                }
            }

            Interlocked.Increment(ref writersDone);
        })).ToArray();

        // An informer deleting node 1 again and again while its scraper keeps storing it.
        var remover = Run(() =>
        {
            start.Wait();
            while (Volatile.Read(ref writersDone) < Nodes)
            {
                store.RemoveNode(nodes[1].Name);
                Thread.Sleep(1);
            }
        });

        var readers = Enumerable.Range(0, 2).Select(r => Run(() =>
        {
            start.Wait();
            var pods = new List<PodUsage>();
            var random = new Random(r);
            while (Volatile.Read(ref writersDone) < Nodes)
            {
                using var view = store.OpenView();
                var node = nodes[random.Next(Nodes)];
                var pod = random.Next(PodsPerNode);
                if (view.TryGetPod(node.Namespace(pod), node.PodName(pod), out var usage))
                {
                    Check(usage, failures);
                    Interlocked.Increment(ref podsChecked);
                }

                pods.Clear();
                view.CollectPods(node.Namespace(pod), pods);
                foreach (var listed in pods)
                {
                    Check(listed, failures);
                }

                Interlocked.Add(ref podsChecked, pods.Count);
            }
        })).ToArray();

        start.Set();
        Task.WaitAll([.. writers, .. readers, remover]);

        Assert.That(failures, Is.Empty, string.Join(Environment.NewLine, failures.Take(10)));
        Assert.That(Interlocked.Read(ref podsChecked), Is.GreaterThan(100), "readers overlapped with writers");
        TestContext.Out.WriteLine($"pods checked during writes: {podsChecked}");
    }

    private static Task Run(Action action) =>
        Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static void Check(PodUsage usage, System.Collections.Concurrent.ConcurrentQueue<string> failures)
    {
        var round = (int)((usage.Measured.TimestampUnixNano - SyntheticNode.BaseUnixNano) / SyntheticNode.RoundNanoseconds);
        if (SyntheticNode.TimestampOf(round) != usage.Measured.TimestampUnixNano || usage.Measured.WindowNanoseconds != SyntheticNode.RoundNanoseconds)
        {
            failures.Enqueue($"{usage.Name}: timestamp {usage.Measured.TimestampUnixNano} window {usage.Measured.WindowNanoseconds}");
            return;
        }

        var index = 0;
        foreach (var container in usage.Containers)
        {
            var containerRound = container.Usage.MemoryBytes / SyntheticNode.MemoryPerRound;
            var expectedCpu = (ulong)(index + 1) * 100_000_000UL;
            if (containerRound != (ulong)round || container.Usage.CpuNanoCores != expectedCpu)
            {
                failures.Enqueue($"{usage.Name}/{container.Name}: round {containerRound} in a round-{round} pod, cpu {container.Usage.CpuNanoCores}");
            }

            index++;
        }

        if (index != ContainersPerPod)
        {
            failures.Enqueue($"{usage.Name}: {index} containers");
        }
    }
}
