using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.SimulatedCluster.Rest;

/// <summary>A field selector (<c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, comma-separated) over the fields a resource supports.</summary>
internal sealed class FieldSelector
{
    private readonly List<(string Field, bool Equal, string Value)> _terms;

    private FieldSelector(List<(string, bool, string)> terms) => _terms = terms;

    public static FieldSelector Parse(string? text, ResourceType type)
    {
        var terms = new List<(string, bool, string)>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return new FieldSelector(terms);
        }

        foreach (var term in text.Split(','))
        {
            var notEqual = term.IndexOf("!=", StringComparison.Ordinal);
            var equal = term.IndexOf('=', StringComparison.Ordinal);
            if (equal < 0)
            {
                throw ApiException.BadSelector(text, $"invalid field selector: '{term}' is not of the form field=value");
            }

            var (field, isEqual, value) = notEqual > 0
                ? (term[..notEqual], false, term[(notEqual + 2)..])
                : (term[..equal], true, term[(equal + 1)..].TrimStart('='));
            field = field.Trim();
            if (!type.FieldLabels.Contains(field))
            {
                throw ApiException.BadRequest($"field label not supported: {field}");
            }

            terms.Add((field, isEqual, value.Trim()));
        }

        return new FieldSelector(terms);
    }

    /// <summary>The name a <c>metadata.name=x</c> term pins, as kube-apiserver uses it for authorization.</summary>
    public string? PinnedName => _terms.Where(t => t.Field == "metadata.name" && t.Equal).Select(t => t.Value).FirstOrDefault();

    public bool Matches(JsonObject item) => _terms.All(t => (Value(item, t.Field) == t.Value) == t.Equal);

    private static string Value(JsonObject item, string field)
    {
        JsonNode? node = item;
        foreach (var part in field.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node switch
        {
            null => "",
            JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
            _ => node.ToString(),
        };
    }
}
