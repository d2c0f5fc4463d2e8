using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MetricsOperator.Serving.Protobuf;

namespace MetricsOperator.Serving.Discovery;

/// <summary>
/// Writes an OpenAPI JSON document as the gnostic protobuf message kube-openapi serves (it parses its JSON with
/// gnostic and marshals the result), following a <see cref="GnosticShape"/> table. Fields go out in field-number
/// order and map entries in the document's order, as Go's marshaller writes them; proto3 zero scalars are left out
/// unless they are one-of members. A property the table has no field for is an error naming its JSON path, so the
/// protobuf form can never silently lose part of the document. Runs once per document at start-up.
/// </summary>
internal static class GnosticProtobufEncoder
{
    private static readonly GnosticField ExtensionValue = GnosticField.Any(2);

    public static byte[] Encode(JsonObject document, GnosticShape root)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(root);
        var writer = new ReverseProtobufWriter(64 * 1024);
        try
        {
            WriteMessageContent(ref writer, document, root, "#");
            return writer.Written.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static void WriteMessageContent(ref ReverseProtobufWriter writer, JsonNode value, GnosticShape shape, string path)
    {
        if (shape.OneOf is { } choose)
        {
            var member = choose(value) ?? throw Invalid(path, $"no member of gnostic {shape.Name} takes {value.GetValueKind()} {Describe(value)}");
            WriteField(ref writer, member.AsOneOfMember(), value, path);
            return;
        }

        if (value is not JsonObject properties)
        {
            throw Invalid(path, $"gnostic {shape.Name} is written from an object, not {value.GetValueKind()}");
        }

        var fields = new List<(GnosticField Field, string Name, JsonNode? Value, bool Named)>(properties.Count);
        foreach (var (name, property) in properties)
        {
            if (shape.ExtensionField != 0 && name.StartsWith("x-", StringComparison.Ordinal))
            {
                fields.Add((new GnosticField(shape.ExtensionField, GnosticKind.Message, Element: ExtensionValue), name, property, true));
            }
            else if (shape.Fields.TryGetValue(name, out var field))
            {
                fields.Add((field, name, property, false));
            }
            else if (shape.MapEntries is { } entries)
            {
                fields.Add((entries, name, property, true));
            }
            else
            {
                throw Invalid(path + "/" + name, $"gnostic {shape.Name} has no field for '{name}'");
            }
        }

        // Prepending reverses the order: write the highest field number (and the last entry of each) first. OrderBy
        // is stable, so the entries of one repeated field keep the document's order.
        var ordered = fields.OrderBy(field => field.Field.Number).ToList();
        for (var index = ordered.Count - 1; index >= 0; index--)
        {
            var (field, name, property, named) = ordered[index];
            if (named)
            {
                WriteNamedEntry(ref writer, field, name, property, path + "/" + name);
            }
            else
            {
                WriteField(ref writer, field, property, path + "/" + name);
            }
        }
    }

    /// <summary>A Named… message (name 1, value 2), the form gnostic gives every map entry and vendor extension.</summary>
    private static void WriteNamedEntry(ref ReverseProtobufWriter writer, GnosticField entries, string name, JsonNode? value, string path)
    {
        var end = writer.Length;
        WriteField(ref writer, entries.Element!, value, path);
        writer.PrependStringField(1, name);
        writer.PrependMessageHeader(entries.Number, end);
    }

    private static void WriteField(ref ReverseProtobufWriter writer, GnosticField field, JsonNode? value, string path)
    {
        if (!field.Repeated)
        {
            WriteSingle(ref writer, field, value, path);
            return;
        }

        if (value is not JsonArray items)
        {
            throw Invalid(path, $"field {field.Number} repeats, so it is written from an array, not {Describe(value)}");
        }

        for (var index = items.Count - 1; index >= 0; index--)
        {
            WriteSingle(ref writer, field, items[index], $"{path}/{index}");
        }
    }

    private static void WriteSingle(ref ReverseProtobufWriter writer, GnosticField field, JsonNode? value, string path)
    {
        switch (field.Kind)
        {
            case GnosticKind.String:
                var text = Scalar(value, JsonValueKind.String, path).GetValue<string>();
                if (text.Length > 0 || field.HasPresence)
                {
                    writer.PrependStringField(field.Number, text);
                }

                break;
            case GnosticKind.Bool:
                var flag = Scalar(value, JsonValueKind.True, path).GetValue<bool>();
                if (flag || field.HasPresence)
                {
                    writer.PrependBoolField(field.Number, flag);
                }

                break;
            case GnosticKind.Int64:
                var integer = long.TryParse(Scalar(value, JsonValueKind.Number, path).ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
                    ? parsed
                    : throw Invalid(path, $"{Describe(value)} is no 64-bit integer");
                if (integer != 0 || field.HasPresence)
                {
                    writer.PrependInt64Field(field.Number, integer);
                }

                break;
            case GnosticKind.Double:
                var number = double.Parse(Scalar(value, JsonValueKind.Number, path).ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
                if (number != 0 || field.HasPresence)
                {
                    writer.PrependDoubleField(field.Number, number);
                }

                break;
            case GnosticKind.Any:
                var anyEnd = writer.Length;
                writer.PrependStringField(2, YamlValueText.Write(value));
                writer.PrependMessageHeader(field.Number, anyEnd);
                break;
            case GnosticKind.Message:
                var messageEnd = writer.Length;
                WriteMessageContent(ref writer, value ?? throw Invalid(path, "null where gnostic expects a message"), field.Shape!, path);
                writer.PrependMessageHeader(field.Number, messageEnd);
                break;
            case GnosticKind.List:
                var listEnd = writer.Length;
                WriteField(ref writer, field.Element!, value is JsonArray ? value : new JsonArray(value?.DeepClone()), path);
                writer.PrependMessageHeader(field.Number, listEnd);
                break;
            default:
                throw new InvalidOperationException($"unknown gnostic field kind {field.Kind}");
        }
    }

    /// <summary>The value as a JSON scalar of the kind given (True stands for either boolean).</summary>
    private static JsonValue Scalar(JsonNode? value, JsonValueKind kind, string path)
    {
        var actual = value?.GetValueKind() ?? JsonValueKind.Null;
        var matches = kind == JsonValueKind.True ? actual is JsonValueKind.True or JsonValueKind.False : actual == kind;
        var expected = kind switch
        {
            JsonValueKind.True => "a boolean",
            JsonValueKind.String => "a string",
            _ => "a number",
        };
        return matches ? (JsonValue)value! : throw Invalid(path, $"gnostic expects {expected}, not {Describe(value)}");
    }

    private static string Describe(JsonNode? value) => value?.ToJsonString() is { Length: <= 60 } json ? json : value is null ? "null" : value.GetValueKind().ToString();

    private static InvalidOperationException Invalid(string path, string problem) => new($"OpenAPI document at {path}: {problem}");
}
