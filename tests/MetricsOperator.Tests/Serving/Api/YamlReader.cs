using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace MetricsOperator.Tests.Serving.Api;

/// <summary>
/// Reads YAML the way a strict typed consumer does: plain scalars are resolved as numbers, booleans or null where
/// they look like one, so a value that should have been quoted comes back with the wrong type.
/// </summary>
internal static class YamlReader
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build();

    public static JsonNode? Read(string yaml) => ToJson(Deserializer.Deserialize<object?>(yaml));

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        IDictionary<object, object?> map => new JsonObject(map.Select(p => KeyValuePair.Create(KeyText(p.Key), ToJson(p.Value)))),
        IList<object?> list => new JsonArray([.. list.Select(ToJson)]),
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        byte or sbyte or short or ushort or int or uint or long => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        ulong or float or double or decimal => JsonValue.Create(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create($"<{value.GetType().Name}:{value}>"),
    };

    /// <summary>A key that came back as anything but a string is reported with its type, so the comparison fails visibly.</summary>
    private static string KeyText(object key) => key as string ?? $"<{key.GetType().Name}:{key}>";
}
