using MetricsOperator.Kubernetes.Pods;
using MetricsOperator.Storage;
using MetricsOperator.Tests.Storage;
using static MetricsOperator.Tests.Storage.PayloadBuilder;
using ServedNode = MetricsOperator.Serving.Api.ServedNode;
using ServedPod = MetricsOperator.Serving.Api.ServedPod;

namespace MetricsOperator.Tests.Serving.Protobuf;

/// <summary>Nodes and pods as the serving layer hands them to a representation; pods come from a real store.</summary>
internal static class ServedSamples
{
    public const ulong GiB = 1024 * MiB;

    /// <summary>The response time: 2021-10-03T09:19:00Z.</summary>
    public static readonly DateTimeOffset Now = T0.AddSeconds(28);

    /// <summary>T0 + 25 s, the second scrape: 2021-10-03T09:18:57Z.</summary>
    public static readonly long ScrapedAt = At(25);

    /// <summary>Long before both scrapes, so the rates are measured between them rather than from the start.</summary>
    private static readonly long Started = At(-3600);

    public static ServedNode[] Nodes() =>
    [
        new(
            new NodeUsage("node-a", new MeasurementWindow(ScrapedAt, 15_021_000_000), new ResourceUsage(250_000_000, GiB, 0, HasSwap: false)),
            LabelSet.From(new Dictionary<string, string> { ["kubernetes.io/hostname"] = "node-a", ["kubernetes.io/os"] = "linux" })),
        new(
            new NodeUsage("node-b", new MeasurementWindow(ScrapedAt, 60_000_000_000), new ResourceUsage(1_500_000_000, 3 * GiB, 512 * MiB, HasSwap: true)),
            Labels: null),
    ];

    /// <summary>
    /// A store holding two scrapes 15 s apart of one node with two pods: default/web-1 (containers app: 5m and 20Mi;
    /// sidecar: 20u, 12240Ki and 1000 bytes of swap) and kube-system/coredns-x (coredns: 4710169n, 12240Ki).
    /// </summary>
    public static MetricsStore PodStore()
    {
        var harness = new StoreHarness();
        harness.Put(PodScrape(10, appCpu: 1_000_000_000, sidecarCpu: 2_000_000_000, corednsCpu: 3_000_000_000));
        harness.Put(PodScrape(25, appCpu: 1_075_000_000, sidecarCpu: 2_000_300_000, corednsCpu: 3_070_652_535));
        return harness.Store;
    }

    /// <summary>The store's pods in (namespace, name) order, with labels: web-1's in a plain, unsorted dictionary.</summary>
    public static ServedPod[] Pods(MetricsReadView view)
    {
        var usages = new List<PodUsage>();
        view.CollectPods(podNamespace: null, usages);
        return [.. usages.Select(usage => new ServedPod(usage, LabelsOf(usage.Name)))];
    }

    private static IReadOnlyDictionary<string, string>? LabelsOf(string pod) => pod switch
    {
        "web-1" => new Dictionary<string, string> { ["tier"] = "frontend", ["app"] = "web", ["a-first"] = "x" },
        "coredns-x" => LabelSet.From(new Dictionary<string, string> { ["k8s-app"] = "kube-dns" }),
        _ => null,
    };

    private static PayloadBuilder PodScrape(double at, ulong appCpu, ulong sidecarCpu, ulong corednsCpu) =>
        new PayloadBuilder()
            .Pod("default", "web-1", new ContainerPoint("app", At(at), Started, appCpu, 20 * MiB), new ContainerPoint("sidecar", At(at), Started, sidecarCpu, 12_533_760, SwapBytes: 1000))
            .Pod("kube-system", "coredns-x", new ContainerPoint("coredns", At(at), Started, corednsCpu, 12_533_760));
}
