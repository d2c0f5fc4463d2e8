using System.Text.Json.Nodes;
using MetricsOperator.Tests.Fixtures;

namespace MetricsOperator.Tests.Scraping.Decoding;

/// <summary>A kubelet <c>*.prom</c> fixture with its <c>*.expected.json</c>.</summary>
internal sealed record KubeletFixture(string Name, byte[] Payload, JsonObject Expected)
{
    public static IEnumerable<string> AllNames() =>
        Directory.EnumerateFiles(Path.Combine(SharedFixtures.MetricsServer, "kubelet"), "*.prom")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal);

    public static KubeletFixture Load(string fileName)
    {
        var path = SharedFixtures.Kubelet(fileName);
        var expected = JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(path, ".expected.json")))!.AsObject();
        return new KubeletFixture(fileName, File.ReadAllBytes(path), expected);
    }

    public bool ExpectsError => Expected["error"]!.GetValue<bool>();

    /// <summary>The fixture's default time in Unix nanoseconds; fixtures without one never need it (every sample is stamped).</summary>
    public long DefaultTimeUnixNano => Expected["defaultTime"] is { } time
        ? (DateTimeOffset.Parse(time.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.UnixEpoch).Ticks * 100
        : 42;

    public DateTimeOffset DefaultTime => DateTimeOffset.UnixEpoch.AddTicks(DefaultTimeUnixNano / 100);
}
