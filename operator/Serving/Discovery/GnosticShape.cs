using System.Text.Json.Nodes;

namespace MetricsOperator.Serving.Discovery;

/// <summary>How a JSON value becomes a protobuf field of a gnostic message.</summary>
internal enum GnosticKind
{
    String,
    Bool,
    Int64,
    Double,

    /// <summary>gnostic's <c>Any</c>: the value as YAML text in its field 2 (how gnostic keeps free-form values).</summary>
    Any,

    /// <summary>A message whose JSON form is an object (or, for a one-of wrapper, whatever its members accept).</summary>
    Message,

    /// <summary>
    /// A message whose field 1 repeats <see cref="GnosticField.Element"/>, written from a JSON array or a single value:
    /// gnostic's TypeItem, ItemsItem and StringArray.
    /// </summary>
    List,
}

/// <summary>
/// One field of a gnostic message. <see cref="Repeated"/> fields take a JSON array. <see cref="HasPresence"/> marks a
/// one-of member, which protobuf writes even when it holds the zero value (proto3 drops zero scalars otherwise).
/// </summary>
internal sealed record GnosticField(int Number, GnosticKind Kind, GnosticShape? Shape = null, GnosticField? Element = null, bool Repeated = false, bool HasPresence = false)
{
    public static GnosticField String(int number) => new(number, GnosticKind.String);

    public static GnosticField Strings(int number) => new(number, GnosticKind.String, Repeated: true);

    public static GnosticField Bool(int number) => new(number, GnosticKind.Bool);

    public static GnosticField Int64(int number) => new(number, GnosticKind.Int64);

    public static GnosticField Double(int number) => new(number, GnosticKind.Double);

    public static GnosticField Any(int number) => new(number, GnosticKind.Any);

    public static GnosticField Anys(int number) => new(number, GnosticKind.Any, Repeated: true);

    public static GnosticField Message(int number, GnosticShape shape) => new(number, GnosticKind.Message, shape);

    public static GnosticField Messages(int number, GnosticShape shape) => new(number, GnosticKind.Message, shape, Repeated: true);

    /// <summary>A list message (field 1 repeated) written as field <paramref name="number"/>.</summary>
    public static GnosticField List(int number, GnosticField element) => new(number, GnosticKind.List, Element: element with { Number = 1, Repeated = true });

    /// <summary>The same field as a one-of member.</summary>
    public GnosticField AsOneOfMember() => this with { HasPresence = true };
}

/// <summary>
/// A gnostic message and how a JSON object maps onto it: by fixed property names; as a map whose other properties
/// become <c>Named…</c> entries (name 1, value 2) in one repeated field; or, for a one-of wrapper, by choosing the
/// member from the value. Properties starting with <c>x-</c> go to the message's vendor extension field as NamedAny.
/// Shapes are defined after construction so that recursive messages (Schema) can refer to themselves.
/// </summary>
internal sealed class GnosticShape(string name)
{
    private readonly Dictionary<string, GnosticField> _fields = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public IReadOnlyDictionary<string, GnosticField> Fields => _fields;

    /// <summary>The repeated NamedAny field for <c>x-</c> properties; 0 when the message has none.</summary>
    public int ExtensionField { get; private set; }

    /// <summary>The repeated Named… field for the properties that are not fixed; null when the message is no map.</summary>
    public GnosticField? MapEntries { get; private set; }

    /// <summary>For a one-of wrapper: the member a JSON value is written as, or null when no member takes it.</summary>
    public Func<JsonNode, GnosticField?>? OneOf { get; private set; }

    public GnosticShape Define(IEnumerable<KeyValuePair<string, GnosticField>> fields, int extensionField = 0)
    {
        foreach (var (key, field) in fields)
        {
            _fields.Add(key, field);
        }

        ExtensionField = extensionField;
        return this;
    }

    /// <summary>A map: every property not in <paramref name="fixedFields"/> is a Named entry whose value is <paramref name="value"/>.</summary>
    public GnosticShape DefineMap(int entriesField, GnosticField value, int extensionField = 0, IEnumerable<KeyValuePair<string, GnosticField>>? fixedFields = null)
    {
        MapEntries = new GnosticField(entriesField, GnosticKind.Message, Element: value with { Number = 2 }, Repeated: true);
        return Define(fixedFields ?? [], extensionField);
    }

    public GnosticShape DefineOneOf(Func<JsonNode, GnosticField?> choose)
    {
        OneOf = choose;
        return this;
    }
}
