using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MetricsOperator.Tests.Serving.Diagnostics;

/// <summary>
/// A strict reader of Prometheus text format 0.0.4, to check that what /metrics writes is well formed: every
/// sample belongs to a family declared by HELP and TYPE before it, names and label names are valid, label values
/// are properly escaped, numbers parse, families appear once, and histograms are cumulative and end in +Inf
/// equal to _count.
/// </summary>
internal static partial class PrometheusExposition
{
    public static IReadOnlyDictionary<string, Family> Parse(string text)
    {
        var families = new Dictionary<string, Family>(StringComparer.Ordinal);
        Family? current = null;
        string? pendingHelp = null;
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var rest = line["# HELP ".Length..];
                var space = rest.IndexOf(' ', StringComparison.Ordinal);
                var name = space < 0 ? rest : rest[..space];
                Require(MetricName().IsMatch(name), lineNumber, $"bad family name {name}");
                Require(!families.ContainsKey(name), lineNumber, $"family {name} appears twice");
                pendingHelp = name;
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line["# TYPE ".Length..].Split(' ');
                Require(parts.Length == 2 && parts[0] == pendingHelp, lineNumber, "TYPE must follow the family's HELP");
                Require(parts[1] is "counter" or "gauge" or "histogram", lineNumber, $"unknown type {parts[1]}");
                current = new Family(parts[0], parts[1]);
                families.Add(current.Name, current);
                pendingHelp = null;
                continue;
            }

            Require(current is not null, lineNumber, "sample before any TYPE line");
            var sample = ParseSample(line, lineNumber);
            var expectedNames = current!.Type == "histogram"
                ? new[] { current.Name + "_bucket", current.Name + "_sum", current.Name + "_count" }
                : new[] { current.Name };
            Require(expectedNames.Contains(sample.Name), lineNumber, $"sample {sample.Name} does not belong to family {current.Name}");
            current.Samples.Add(sample);
        }

        foreach (var family in families.Values.Where(f => f.Type == "histogram"))
        {
            CheckHistogram(family);
        }

        return families;
    }

    private static Sample ParseSample(string line, int lineNumber)
    {
        var match = SampleLine().Match(line);
        Require(match.Success, lineNumber, $"not a sample line: {line}");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var labelText = match.Groups["labels"].Value;
        var position = 0;
        while (position < labelText.Length)
        {
            var label = LabelPair().Match(labelText, position);
            Require(label.Success && label.Index == position, lineNumber, $"bad label list: {labelText}");
            Require(labels.TryAdd(label.Groups["name"].Value, Unescape(label.Groups["value"].Value)), lineNumber, "label appears twice");
            position += label.Length;
            if (position < labelText.Length)
            {
                Require(labelText[position] == ',', lineNumber, "labels must be separated by commas");
                position++;
            }
        }

        var value = ParseValue(match.Groups["value"].Value, lineNumber);
        return new Sample(match.Groups["name"].Value, labels, value);
    }

    public static double ParseValue(string text, int lineNumber = 0)
    {
        switch (text)
        {
            case "+Inf":
                return double.PositiveInfinity;
            case "-Inf":
                return double.NegativeInfinity;
            case "NaN":
                return double.NaN;
        }

        Require(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value), lineNumber, $"bad value {text}");
        return value;
    }

    private static void CheckHistogram(Family family)
    {
        foreach (var series in family.Samples.GroupBy(s => string.Join(",", s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}"))))
        {
            var buckets = series.Where(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal)).ToList();
            var count = series.Single(s => s.Name.EndsWith("_count", StringComparison.Ordinal)).Value;
            Require(buckets.Count > 0 && buckets[^1].Labels["le"] == "+Inf", 0, $"{family.Name}: last bucket must be +Inf");
            Require(buckets[^1].Value.Equals(count), 0, $"{family.Name}: +Inf bucket must equal _count");
            for (var i = 1; i < buckets.Count; i++)
            {
                Require(ParseValue(buckets[i].Labels["le"]) > ParseValue(buckets[i - 1].Labels["le"]), 0, $"{family.Name}: le must increase");
                Require(buckets[i].Value >= buckets[i - 1].Value, 0, $"{family.Name}: buckets must be cumulative");
            }

            Require(series.Count(s => s.Name.EndsWith("_sum", StringComparison.Ordinal)) == 1, 0, $"{family.Name}: one _sum per series");
        }
    }

    private static string Unescape(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\')
            {
                text.Append(value[i]);
                continue;
            }

            i++;
            text.Append(value[i] switch
            {
                'n' => '\n',
                '\\' => '\\',
                '"' => '"',
                var other => throw new FormatException($"bad escape \\{other}"),
            });
        }

        return text.ToString();
    }

    private static void Require(bool condition, int lineNumber, string problem)
    {
        if (!condition)
        {
            throw new FormatException($"line {lineNumber}: {problem}");
        }
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();

    internal sealed record Family(string Name, string Type)
    {
        public List<Sample> Samples { get; } = [];
    }

    internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
