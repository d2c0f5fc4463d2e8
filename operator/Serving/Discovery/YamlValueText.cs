using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MetricsOperator.Serving.Discovery;

/// <summary>
/// A JSON value as block-style YAML, the text gnostic keeps in an <c>Any</c> (vendor extensions, defaults, enums)
/// and clients read back with a YAML parser. Strings stay plain only when no YAML reader could take them for
/// anything else; otherwise they are double-quoted with JSON escapes, which YAML reads the same way.
/// </summary>
internal static partial class YamlValueText
{
    /// <summary>Words YAML 1.1 (Go's yaml.v2, used by kube-openapi) reads as booleans or null.</summary>
    private static readonly HashSet<string> ReservedWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
    };

    public static string Write(JsonNode? value)
    {
        var text = new StringBuilder();
        switch (value)
        {
            case JsonObject { Count: > 0 } or JsonArray { Count: > 0 }:
                WriteBlock(text, value, indent: 0);
                break;
            default:
                text.Append(Inline(value)).Append('\n');
                break;
        }

        return text.ToString();
    }

    /// <summary>Writes a non-empty object or array, one line per entry, nested blocks indented by two spaces.</summary>
    private static void WriteBlock(StringBuilder text, JsonNode block, int indent)
    {
        var padding = new string(' ', indent);
        if (block is JsonObject properties)
        {
            foreach (var (name, property) in properties)
            {
                text.Append(padding).Append(String(name)).Append(':');
                WriteNested(text, property, indent + 2);
            }

            return;
        }

        foreach (var item in (JsonArray)block)
        {
            text.Append(padding).Append('-');
            if (item is JsonObject { Count: > 0 })
            {
                // "- key: value" with the object's other keys aligned under the first, as YAML writers do.
                var entry = new StringBuilder();
                WriteBlock(entry, item, indent + 2);
                text.Append(' ').Append(entry, indent + 2, entry.Length - indent - 2);
            }
            else
            {
                WriteNested(text, item, indent + 2);
            }
        }
    }

    private static void WriteNested(StringBuilder text, JsonNode? value, int indent)
    {
        if (value is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
        {
            text.Append('\n');
            WriteBlock(text, value, indent);
        }
        else
        {
            text.Append(' ').Append(Inline(value)).Append('\n');
        }
    }

    private static string Inline(JsonNode? value) => value?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Object => "{}",
        JsonValueKind.Array => "[]",
        JsonValueKind.String => String(value.GetValue<string>()),
        _ => value.ToJsonString(),
    };

    private static string String(string value) =>
        PlainScalar().IsMatch(value) && !ReservedWords.Contains(value) ? value : JsonSerializer.Serialize(value);

    /// <summary>Starts with a letter, underscore or slash and continues with name characters: never a number, bool or indicator.</summary>
    [GeneratedRegex("^[A-Za-z_/][A-Za-z0-9_./-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainScalar();
}
