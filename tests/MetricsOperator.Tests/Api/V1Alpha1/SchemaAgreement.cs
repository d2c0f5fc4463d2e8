using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace MetricsOperator.Tests.Api.V1Alpha1;

/// <summary>
/// Compares a C# type's JSON shape with a structural schema, both ways: every JSON property of the type exists in
/// the schema with a compatible type, and every schema property exists on the type. Returns one line per difference.
/// </summary>
internal static class SchemaAgreement
{
    public static IReadOnlyList<string> Compare(Type type, V1JSONSchemaProps schema, string path)
    {
        var problems = new List<string>();
        CompareValue(type, schema, path, problems);
        return problems;
    }

    private static void CompareValue(Type type, V1JSONSchemaProps schema, string path, List<string> problems)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            Expect(schema, "string", path, problems);
            if (schema.Format is "date-time" or "int-or-string")
            {
                problems.Add($"{path}: schema format {schema.Format} but C# string");
            }
        }
        else if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            Expect(schema, "string", path, problems);
            if (schema.Format != "date-time")
            {
                problems.Add($"{path}: C# {type.Name} needs format date-time, schema has {schema.Format ?? "none"}");
            }
        }
        else if (type == typeof(bool))
        {
            Expect(schema, "boolean", path, problems);
        }
        else if (type == typeof(int) || type == typeof(long))
        {
            Expect(schema, "integer", path, problems);
            var format = type == typeof(int) ? "int32" : "int64";
            if (schema.Format != format)
            {
                problems.Add($"{path}: C# {type.Name} needs format {format}, schema has {schema.Format ?? "none"}");
            }
        }
        else if (DictionaryValueType(type) is { } valueType)
        {
            Expect(schema, "object", path, problems);
            if (MetricsBackendCrd.AsSchema(schema.AdditionalProperties) is { } values)
            {
                CompareValue(valueType, values, path + "{}", problems);
            }
            else
            {
                problems.Add($"{path}: C# dictionary but the schema has no additionalProperties schema");
            }
        }
        else if (ListItemType(type) is { } itemType)
        {
            Expect(schema, "array", path, problems);
            if (MetricsBackendCrd.AsSchema(schema.Items) is { } items)
            {
                CompareValue(itemType, items, path + "[]", problems);
            }
            else
            {
                problems.Add($"{path}: C# list but the schema has no items schema");
            }
        }
        else if (type == typeof(V1ObjectMeta))
        {
            // The API server owns metadata's schema; a CRD may only say it is an object.
            Expect(schema, "object", path, problems);
        }
        else if (type.IsClass)
        {
            Expect(schema, "object", path, problems);
            CompareProperties(type, schema, path, problems);
        }
        else
        {
            problems.Add($"{path}: C# type {type.Name} has no JSON schema mapping");
        }
    }

    private static void CompareProperties(Type type, V1JSONSchemaProps schema, string path, List<string> problems)
    {
        var clr = JsonProperties(type);
        var declared = schema.Properties ?? new Dictionary<string, V1JSONSchemaProps>();
        foreach (var (name, property) in clr)
        {
            if (declared.TryGetValue(name, out var child))
            {
                CompareValue(property.PropertyType, child, $"{path}.{name}", problems);
            }
            else
            {
                problems.Add($"{path}.{name}: in C# {type.Name} but not in the schema");
            }
        }

        foreach (var name in declared.Keys.Where(name => !clr.ContainsKey(name)))
        {
            problems.Add($"{path}.{name}: in the schema but not in C# {type.Name}");
        }

        foreach (var name in (schema.Required ?? []).Where(name => !declared.ContainsKey(name)))
        {
            problems.Add($"{path}: required {name} is not a property");
        }
    }

    private static Dictionary<string, PropertyInfo> JsonProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is not null && p.SetMethod is not null && p.GetIndexParameters().Length == 0)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .ToDictionary(
                p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name),
                StringComparer.Ordinal);

    private static void Expect(V1JSONSchemaProps schema, string expected, string path, List<string> problems)
    {
        if (schema.Type != expected)
        {
            problems.Add($"{path}: C# maps to {expected}, schema says {schema.Type ?? "nothing"}");
        }
    }

    private static Type? DictionaryValueType(Type type) =>
        GenericArgumentsOf(type, typeof(IDictionary<,>)) is [var key, var value] && key == typeof(string) ? value : null;

    private static Type? ListItemType(Type type) =>
        type == typeof(string) ? null : GenericArgumentsOf(type, typeof(IEnumerable<>)) is [var item] ? item : null;

    private static Type[]? GenericArgumentsOf(Type type, Type openInterface)
    {
        IEnumerable<Type> candidates = type.IsInterface ? [type, .. type.GetInterfaces()] : type.GetInterfaces();
        return candidates.FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == openInterface)?.GetGenericArguments();
    }
}
