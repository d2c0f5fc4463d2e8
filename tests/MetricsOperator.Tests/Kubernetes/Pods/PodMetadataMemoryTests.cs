using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Kubernetes.Pods;
using static MetricsOperator.Tests.Kubernetes.Testing.TestObjects;

namespace MetricsOperator.Tests.Kubernetes.Pods;

/// <summary>
/// Retained memory of <see cref="PodMetadataCache"/> per pod, measured with full collections. Everything the cache
/// keeps is counted (pod name strings, dictionaries and their slack, groups, UIDs) except the interned label
/// strings. A cache is filled by a LIST (Replace, which trims dictionaries) and then grown by watch events (Upsert).
/// </summary>
[NonParallelizable]
public sealed class PodMetadataMemoryTests
{
    private const int Pods = 20_000;

    // 50 Deployments over 20 namespaces: the pods of one ReplicaSet share their labels.
    private static PartialObjectMetadata ReplicatedPod(int i)
    {
        var app = "app-" + (i % 50);
        return Pod(
            "namespace-" + (i % 20),
            $"{app}-7d9f8b6c5-{i:x5}",
            Guid.NewGuid().ToString(),
            ("app.kubernetes.io/name", app),
            ("app.kubernetes.io/managed-by", "Helm"),
            ("pod-template-hash", "7d9f8b6c5"));
    }

    // StatefulSet pods: the pod-name label makes every label set unique (the cache's worst case).
    private static PartialObjectMetadata StatefulPod(int i) => Pod(
        "namespace-" + (i % 20),
        $"db-{i}",
        Guid.NewGuid().ToString(),
        ("app", "db"),
        ("statefulset.kubernetes.io/pod-name", $"db-{i}"),
        ("controller-revision-hash", "db-5c6b7d8f9"));

    [Test]
    public void Listed_replicated_pods_cost_at_most_200_bytes_each_beyond_label_strings()
    {
        var perPod = RetainedBytesPerPod(ReplicatedPod, byList: true);

        TestContext.Out.WriteLine($"replicated pods, listed: {perPod:F1} bytes per pod beyond label strings");
        Assert.That(perPod, Is.LessThanOrEqualTo(200));
    }

    [Test]
    public void Watched_replicated_pods_stay_within_a_bounded_cost()
    {
        var perPod = RetainedBytesPerPod(ReplicatedPod, byList: false);

        TestContext.Out.WriteLine($"replicated pods, one watch event each: {perPod:F1} bytes per pod beyond label strings");
        Assert.That(perPod, Is.LessThanOrEqualTo(240));
    }

    [Test]
    public void Pods_with_unique_labels_stay_within_a_bounded_cost()
    {
        var perPod = RetainedBytesPerPod(StatefulPod, byList: true);

        TestContext.Out.WriteLine($"unique label sets, listed: {perPod:F1} bytes per pod beyond label strings");
        Assert.That(perPod, Is.LessThanOrEqualTo(450));
    }

    private static double RetainedBytesPerPod(Func<int, PartialObjectMetadata> podNumber, bool byList)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var cache = new PodMetadataCache();
        var labelBytes = Fill(cache, podNumber, byList);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.That(cache.Count, Is.EqualTo(Pods));
        GC.KeepAlive(cache);
        return (after - before - labelBytes) / (double)Pods;
    }

    // Fills the cache and returns the size of the distinct label strings it interned. The pods given to it
    // become garbage on return, except the strings the cache keeps.
    private static long Fill(PodMetadataCache cache, Func<int, PartialObjectMetadata> podNumber, bool byList)
    {
        var pods = Enumerable.Range(0, Pods).Select(podNumber).ToList();
        if (byList)
        {
            cache.Replace(pods);
        }
        else
        {
            pods.ForEach(cache.Upsert);
        }

        return pods.SelectMany(pod => pod.Metadata.Labels).SelectMany(label => new[] { label.Key, label.Value })
            .Distinct(StringComparer.Ordinal).Sum(text => StringBytes(text.Length));
    }

    // Object header, method table, length, UTF-16 characters and terminator, rounded to 8 bytes.
    private static long StringBytes(int length) => (22 + (2L * length) + 7) & ~7L;
}
