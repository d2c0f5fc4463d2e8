using System.Globalization;
using System.Text.RegularExpressions;

namespace MetricsOperator.Tests.KubeletFarm;

/// <summary>
/// One sample line of the Prometheus text format, parsed strictly enough to check the farm's output
/// (test-side reading only; the operator has its own decoder).
/// </summary>
internal sealed partial record ExpositionSample(string Name, IReadOnlyList<KeyValuePair<string, string>> Labels, string ValueText, long? TimestampMs)
{
    public double Value => ValueText switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(ValueText, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    public string Label(string name) => Labels.Single(l => l.Key == name).Value;

    /// <summary>namespace/pod/container (or the subset present), for dictionary keys.</summary>
    public string Key => string.Join('/', Labels.Select(l => l.Value));

    public static IReadOnlyList<ExpositionSample> ParseAll(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).Select(Parse).ToList();

    public static ExpositionSample Parse(string line)
    {
        var match = SampleLine().Match(line);
        if (!match.Success)
        {
            throw new FormatException($"not a sample line: {line}");
        }

        var labels = match.Groups["labels"].Success
            ? LabelPair().Matches(match.Groups["labels"].Value).Select(m => KeyValuePair.Create(m.Groups[1].Value, m.Groups[2].Value)).ToList()
            : [];
        long? timestamp = match.Groups["ts"].Success ? long.Parse(match.Groups["ts"].Value, CultureInfo.InvariantCulture) : null;
        return new ExpositionSample(match.Groups["name"].Value, labels, match.Groups["value"].Value, timestamp);
    }

    [GeneratedRegex("""^(?<name>[a-z_]+)(\{(?<labels>[^}]*)\})? (?<value>\S+)( (?<ts>-?\d+))?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""([a-z_]+)="([^"]*)",?""")]
    private static partial Regex LabelPair();
}
