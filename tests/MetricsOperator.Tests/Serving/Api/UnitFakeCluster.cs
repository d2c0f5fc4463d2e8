namespace MetricsOperator.Tests.Serving.Api;

/// <summary>
/// The cluster of the reference's API unit tests (§2.5): node1..node3 with metrics and labels, node4 and node5
/// without metrics; pods other/pod1, other/pod2, testValue/pod3 with metrics and pod4 without. Windows are 1, 2
/// and 3 µs as in the fixtures. The fakes' "res1" becomes real cpu and memory here.
/// </summary>
internal static class UnitFakeCluster
{
    public const ulong MiB = 1024 * 1024;

    public static readonly Dictionary<string, (string Cpu, string Memory)> NodeUsage = new()
    {
        ["node1"] = ("10m", "1Mi"),
        ["node2"] = ("5m", "5Mi"),
        ["node3"] = ("1", "3Mi"),
    };

    public static readonly Dictionary<string, (string Cpu, string Memory)> ContainerUsage = new()
    {
        ["metric1"] = ("6m", "2Mi"),
        ["metric1-b"] = ("4m", "3Mi"),
        ["metric2"] = ("20m", "15Mi"),
        ["metric3"] = ("20m", "25Mi"),
    };

    public static TestCluster Build()
    {
        var micro = TimeSpan.FromTicks(10);
        return new TestCluster()
            .Node("node1", new NodeMetricsSpec(10_000_000, 1 * MiB, micro), ("labelKey", "labelValue"))
            .Node("node2", new NodeMetricsSpec(5_000_000, 5 * MiB, micro * 2), ("otherKey", "labelValue"))
            .Node("node3", new NodeMetricsSpec(1_000_000_000, 3 * MiB, micro * 3), ("labelKey", "otherValue"))
            .Node("node4", null, ("skipKey", "skipValue"))
            .Node("node5")
            .Pod("node1", "other", "pod1", [new("metric1", 6_000_000, 2 * MiB), new("metric1-b", 4_000_000, 3 * MiB)], micro, labels: ("labelKey", "labelValue"))
            .Pod("node2", "other", "pod2", [new("metric2", 20_000_000, 15 * MiB)], micro * 2, labels: ("otherKey", "labelValue"))
            .Pod("node3", "testValue", "pod3", [new("metric3", 20_000_000, 25 * MiB)], micro * 3, labels: ("labelKey", "otherValue"))
            .Pod("node3", "testValue", "pod4", [], labels: ("labelKey", "otherValue"))
            .Publish();
    }
}
