using System.Globalization;
using MetricsOperator.Scraping;
using MetricsOperator.Storage;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Storage;

/// <summary>A store with a fake clock and the Go tests' resolution (60 s), read back in wire form.</summary>
internal sealed class StoreHarness
{
    public StoreHarness(TimeSpan? resolution = null, TimeSpan? stalenessBound = null)
    {
        Clock = new FakeTimeProvider(PayloadBuilder.T0);
        Settings = new ScrapeSettingsSource(new ScrapeSettings
        {
            Resolution = resolution ?? TimeSpan.FromSeconds(60),
            StalenessBound = stalenessBound,
        });
        Store = new MetricsStore(Clock, Settings);
    }

    public FakeTimeProvider Clock { get; }

    public ScrapeSettingsSource Settings { get; }

    public MetricsStore Store { get; }

    public StoreHarness Put(PayloadBuilder payload, string nodeName = "node1")
    {
        Store.StoreNode(nodeName, payload.Build());
        return this;
    }

    public ServedNode? Node(string name)
    {
        using var view = Store.OpenView();
        return view.TryGetNode(name, out var usage) ? ServedNode.From(usage) : null;
    }

    public ServedPod? Pod(string podNamespace, string name)
    {
        using var view = Store.OpenView();
        return view.TryGetPod(podNamespace, name, out var usage) ? ServedPod.From(usage) : null;
    }
}

/// <summary>A served object in the form the API writes it (timestamp in whole seconds, Go duration, canonical quantities).</summary>
internal sealed record ServedNode(string Timestamp, string Window, string Cpu, string Memory)
{
    public static ServedNode From(NodeUsage usage) => new(
        WireFormat.Timestamp(usage.Measured),
        GoDurationFormatter.Format(usage.Measured.WindowNanoseconds),
        QuantityFormatter.FormatCpuNanoCores(usage.Usage.CpuNanoCores),
        QuantityFormatter.FormatBytes(usage.Usage.MemoryBytes));
}

internal sealed record ServedContainer(string Name, string Cpu, string Memory);

internal sealed record ServedPod(string Timestamp, string Window, ServedContainer[] Containers)
{
    public static ServedPod From(PodUsage usage)
    {
        var containers = new List<ServedContainer>();
        foreach (var container in usage.Containers)
        {
            containers.Add(new ServedContainer(
                container.Name,
                QuantityFormatter.FormatCpuNanoCores(container.Usage.CpuNanoCores),
                QuantityFormatter.FormatBytes(container.Usage.MemoryBytes)));
        }

        containers.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new ServedPod(
            WireFormat.Timestamp(usage.Measured),
            GoDurationFormatter.Format(usage.Measured.WindowNanoseconds),
            [.. containers]);
    }

    public bool Equals(ServedPod? other) =>
        other is not null && Timestamp == other.Timestamp && Window == other.Window && Containers.SequenceEqual(other.Containers);

    public override int GetHashCode() => HashCode.Combine(Timestamp, Window, Containers.Length);

    public override string ToString() => $"{Timestamp} {Window} [{string.Join(", ", Containers.Select(c => c.ToString()))}]";
}

internal static class WireFormat
{
    public static string Timestamp(MeasurementWindow measured) =>
        measured.Timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
