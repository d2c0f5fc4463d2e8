using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MetricsOperator.Tests.Serving.Discovery;

/// <summary>
/// Turns a gnostic protobuf message back into the OpenAPI JSON it stands for, driven by the descriptors protoc
/// compiles from our test .proto files (so the field numbers checked are the .proto's, not the encoder's table).
/// Rules, from gnostic's conventions: <c>Named…</c> entries become properties of the enclosing object, one-of wrappers
/// become their member, <c>Any</c> is YAML, TypeItem/ItemsItem with one element are that element, StringArray is an
/// array, <c>_ref</c> is <c>$ref</c> and snake_case names are camelCase. An unknown field number or a wire type that
/// does not match the descriptor fails the test.
/// </summary>
internal sealed partial class GnosticDecoder
{
    private readonly Dictionary<string, DescriptorProto> _messages = new(StringComparer.Ordinal);

    public GnosticDecoder(FileDescriptorSet descriptors)
    {
        foreach (var file in descriptors.File)
        {
            foreach (var message in file.MessageType)
            {
                _messages.Add($".{file.Package}.{message.Name}", message);
            }
        }
    }

    public JsonNode? Decode(byte[] message, string type) => ToJson(ByteString.CopyFrom(message), "." + type);

    private JsonNode? ToJson(ByteString bytes, string type)
    {
        var descriptor = _messages.TryGetValue(type, out var found) ? found : throw new AssertionException($"no message {type} in the test .proto");
        var fields = Read(bytes, descriptor, type);
        var name = descriptor.Name;
        if (name == "Any")
        {
            return Yaml(fields.Single(field => field.Field.Name == "yaml").Value.ToString()!);
        }

        if (descriptor.Field.Count > 0 && descriptor.Field.All(field => field.HasOneofIndex))
        {
            Assert.That(fields, Has.Count.EqualTo(1), $"{type} is a one-of and holds exactly one member");
            return Value(fields[0].Field, fields[0].Value);
        }

        if (name is "TypeItem" or "ItemsItem" or "StringArray")
        {
            var items = new JsonArray([.. fields.Select(field => Value(field.Field, field.Value))]);
            return name != "StringArray" && items.Count == 1 ? items[0]!.DeepClone() : items;
        }

        var json = new JsonObject();
        foreach (var group in fields.GroupBy(field => field.Field.Number))
        {
            var field = group.First().Field;
            if (field.Type == FieldDescriptorProto.Types.Type.Message && _messages[field.TypeName].Name.StartsWith("Named", StringComparison.Ordinal))
            {
                foreach (var (_, entry) in group)
                {
                    var (entryName, entryValue) = NamedEntry((ByteString)entry, field.TypeName);
                    Assert.That(json.ContainsKey(entryName), Is.False, $"{type}: entry {entryName} appears once");
                    json[entryName] = entryValue;
                }

                continue;
            }

            var key = JsonName(field.Name);
            json[key] = field.Label == FieldDescriptorProto.Types.Label.Repeated
                ? new JsonArray([.. group.Select(item => Value(field, item.Value))])
                : Value(field, group.Single().Value);
        }

        return json;
    }

    private (string Name, JsonNode? Value) NamedEntry(ByteString bytes, string type)
    {
        var descriptor = _messages[type];
        var fields = Read(bytes, descriptor, type);
        var name = fields.Single(field => field.Field.Number == 1).Value.ToString()!;
        var value = fields.Where(field => field.Field.Number == 2).ToList();

        // A proto3 string value that is empty is absent on the wire.
        return (name, value.Count == 0 ? JsonValue.Create(string.Empty) : Value(value[0].Field, value[0].Value));
    }

    private JsonNode? Value(FieldDescriptorProto field, object value) => value switch
    {
        ByteString message when field.Type == FieldDescriptorProto.Types.Type.Message => ToJson(message, field.TypeName),
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        long integer => JsonValue.Create(integer),
        double number => JsonValue.Create(number),
        _ => throw new AssertionException($"unexpected value {value} of {field.Name}"),
    };

    private static List<(FieldDescriptorProto Field, object Value)> Read(ByteString bytes, DescriptorProto descriptor, string type)
    {
        var fields = new List<(FieldDescriptorProto, object)>();
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            var field = descriptor.Field.SingleOrDefault(candidate => candidate.Number == number)
                ?? throw new AssertionException($"{type} has no field {number}");
            var wireType = WireFormat.GetTagWireType(tag);
            object value = field.Type switch
            {
                FieldDescriptorProto.Types.Type.String => Expect(wireType, WireFormat.WireType.LengthDelimited, field) ? input.ReadString() : null!,
                FieldDescriptorProto.Types.Type.Bytes or FieldDescriptorProto.Types.Type.Message =>
                    Expect(wireType, WireFormat.WireType.LengthDelimited, field) ? input.ReadBytes() : null!,
                FieldDescriptorProto.Types.Type.Bool => Expect(wireType, WireFormat.WireType.Varint, field) ? input.ReadBool() : null!,
                FieldDescriptorProto.Types.Type.Int64 => Expect(wireType, WireFormat.WireType.Varint, field) ? input.ReadInt64() : null!,
                FieldDescriptorProto.Types.Type.Double => Expect(wireType, WireFormat.WireType.Fixed64, field) ? input.ReadDouble() : null!,
                _ => throw new AssertionException($"{type}.{field.Name}: type {field.Type} is not used by gnostic"),
            };
            fields.Add((field, value));
        }

        Assert.That(input.IsAtEnd, $"{type} is read to its end");
        return fields;
    }

    private static bool Expect(WireFormat.WireType actual, WireFormat.WireType expected, FieldDescriptorProto field)
    {
        Assert.That(actual, Is.EqualTo(expected), $"wire type of {field.Name} ({field.Number})");
        return true;
    }

    private static string JsonName(string protoName) => protoName == "_ref"
        ? "$ref"
        : SnakeSegment().Replace(protoName, match => match.Groups[1].Value.ToUpperInvariant());

    /// <summary>A YAML value as JSON: quoted scalars are strings, plain ones are read as YAML 1.1 reads them.</summary>
    private static JsonNode? Yaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return YamlNode(stream.Documents.Single().RootNode);
    }

    private static JsonNode? YamlNode(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair => KeyValuePair.Create(((YamlScalarNode)pair.Key).Value!, YamlNode(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(YamlNode)]),
        YamlScalarNode { Style: ScalarStyle.DoubleQuoted or ScalarStyle.SingleQuoted } quoted => JsonValue.Create(quoted.Value),
        YamlScalarNode plain => plain.Value switch
        {
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            "null" or "~" => null,
            var number when double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out _) => JsonNode.Parse(number),
            var text => JsonValue.Create(text),
        },
        _ => throw new AssertionException($"unexpected YAML node {node.NodeType}"),
    };

    [GeneratedRegex("_([a-z])")]
    private static partial Regex SnakeSegment();
}
