using System.Globalization;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.SimulatedCluster.Rest;

/// <summary>
/// A parsed label selector in the full string syntax of k8s.io/apimachinery/pkg/labels:
/// <c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a in (x,y)</c>, <c>a notin (x)</c>, <c>a</c>, <c>!a</c>, <c>a&gt;1</c>, <c>a&lt;1</c>.
/// </summary>
internal sealed class LabelSelector
{
    private readonly List<Requirement> _requirements;

    private LabelSelector(List<Requirement> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<Requirement>();
        foreach (var term in SplitTerms(text))
        {
            requirements.Add(ParseTerm(term.Trim(), text));
        }

        return new LabelSelector(requirements);
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.All(r => r.Matches(labels));

    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static Requirement ParseTerm(string term, string whole)
    {
        if (term.Length == 0)
        {
            throw ApiException.BadSelector(whole, "empty requirement");
        }

        if (term.StartsWith('!'))
        {
            return new Requirement(Key(term[1..], whole), "!", []);
        }

        foreach (var op in (string[])[" notin ", " in "])
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                var set = term[(at + op.Length)..].Trim();
                if (!set.StartsWith('(') || !set.EndsWith(')'))
                {
                    throw ApiException.BadSelector(whole, $"expected a parenthesised set of values after '{op.Trim()}'");
                }

                var values = set[1..^1].Split(',').Select(v => v.Trim()).ToArray();
                return new Requirement(Key(term[..at], whole), op.Trim(), values);
            }
        }

        foreach (var op in (string[])["!=", "==", "=", ">", "<"])
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                var value = term[(at + op.Length)..].Trim();
                if ((op is ">" or "<") && !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                {
                    throw ApiException.BadSelector(whole, $"for 'Gt', 'Lt' operators, the value must be an integer");
                }

                return new Requirement(Key(term[..at], whole), op == "==" ? "=" : op, [value]);
            }
        }

        return new Requirement(Key(term, whole), "exists", []);
    }

    private static string Key(string key, string whole)
    {
        key = key.Trim();
        if (key.Length == 0 || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/')))
        {
            throw ApiException.BadSelector(whole, $"invalid label key \"{key}\"");
        }

        return key;
    }

    private sealed record Requirement(string Key, string Operator, string[] Values)
    {
        public bool Matches(IReadOnlyDictionary<string, string> labels)
        {
            var present = labels.TryGetValue(Key, out var value);
            return Operator switch
            {
                "exists" => present,
                "!" => !present,
                "=" => present && value == Values[0],
                "!=" => !present || value != Values[0],
                "in" => present && Values.Contains(value),
                "notin" => !present || !Values.Contains(value),
                ">" => present && long.TryParse(value, CultureInfo.InvariantCulture, out var gt) && gt > long.Parse(Values[0], CultureInfo.InvariantCulture),
                "<" => present && long.TryParse(value, CultureInfo.InvariantCulture, out var lt) && lt < long.Parse(Values[0], CultureInfo.InvariantCulture),
                _ => false,
            };
        }
    }
}
