using System.Text.Json.Nodes;

namespace MetricsOperator.SimulatedCluster.Tables;

/// <summary>
/// The JSONPath subset CRD printer columns use: <c>.a.b</c>, <c>.a[0]</c>, <c>.a[*]</c> and filters
/// <c>.a[?(@.type=="Ready")].status</c> (== and !=, string or number literals).
/// </summary>
internal sealed class JsonPathExpression
{
    private readonly List<Step> _steps;

    private JsonPathExpression(List<Step> steps) => _steps = steps;

    public static JsonPathExpression Parse(string path)
    {
        var text = path.Trim();
        if (text.StartsWith('{') && text.EndsWith('}'))
        {
            text = text[1..^1];
        }

        var steps = new List<Step>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var end = i + 1;
                while (end < text.Length && text[end] is not ('.' or '['))
                {
                    end++;
                }

                if (end > i + 1)
                {
                    steps.Add(new Step(text[(i + 1)..end], null, null));
                }

                i = end;
            }
            else if (text[i] == '[')
            {
                var end = text.IndexOf(']', i);
                if (text[i..].StartsWith("[?(", StringComparison.Ordinal))
                {
                    end = text.IndexOf(")]", i, StringComparison.Ordinal) + 1;
                }

                if (end <= i)
                {
                    throw new FormatException($"unterminated '[' in JSONPath {path}");
                }

                steps.Add(ParseBracket(text[(i + 1)..end], path));
                i = end + 1;
            }
            else if (text[i] == '@' || text[i] == '$')
            {
                i++;
            }
            else
            {
                throw new FormatException($"unexpected '{text[i]}' at {i} in JSONPath {path}");
            }
        }

        return new JsonPathExpression(steps);
    }

    /// <summary>Every node the path selects.</summary>
    public IReadOnlyList<JsonNode> Evaluate(JsonNode? root)
    {
        IEnumerable<JsonNode?> current = [root];
        foreach (var step in _steps)
        {
            current = current.SelectMany(step.Apply).ToList();
        }

        return [.. current.OfType<JsonNode>()];
    }

    private static Step ParseBracket(string inner, string path)
    {
        if (inner == "*")
        {
            return new Step(null, null, null);
        }

        if (int.TryParse(inner, out var index))
        {
            return new Step(null, index, null);
        }

        if (inner.StartsWith("?(", StringComparison.Ordinal) && inner.EndsWith(')'))
        {
            var condition = inner[2..^1];
            var op = condition.Contains("!=", StringComparison.Ordinal) ? "!=" : "==";
            var sides = condition.Split(op, 2);
            if (sides.Length != 2)
            {
                throw new FormatException($"unsupported filter {inner} in JSONPath {path}");
            }

            var literal = sides[1].Trim().Trim('"', '\'');
            return new Step(null, null, new Filter(Parse(sides[0].Trim()), op == "==", literal));
        }

        if (inner.StartsWith('\'') || inner.StartsWith('"'))
        {
            return new Step(inner.Trim('\'', '"'), null, null);
        }

        throw new FormatException($"unsupported subscript [{inner}] in JSONPath {path}");
    }

    private sealed record Filter(JsonPathExpression Left, bool Equal, string Literal)
    {
        public bool Accepts(JsonNode? item) =>
            Left.Evaluate(item).Any(v => v.ToString() == Literal) == Equal;
    }

    private sealed record Step(string? Field, int? Index, Filter? Where)
    {
        public IEnumerable<JsonNode?> Apply(JsonNode? node)
        {
            if (Field is not null)
            {
                return node is JsonObject o && o.TryGetPropertyValue(Field, out var value) ? [value] : [];
            }

            if (node is not JsonArray array)
            {
                return [];
            }

            if (Index is { } index)
            {
                var at = index < 0 ? array.Count + index : index;
                return at >= 0 && at < array.Count ? [array[at]] : [];
            }

            return Where is null ? array : array.Where(Where.Accepts);
        }
    }
}
