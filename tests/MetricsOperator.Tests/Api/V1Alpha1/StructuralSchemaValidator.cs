using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;

namespace MetricsOperator.Tests.Api.V1Alpha1;

/// <summary>
/// The OpenAPI checks the API server applies to a custom resource, except CEL rules and formats: types, unknown
/// fields (pruning would drop them silently, so they count as errors here), required, enum, pattern, lengths and
/// ranges. Values are as the YAML loader produces them (dictionaries, lists, strings, numbers, booleans).
/// </summary>
internal static class StructuralSchemaValidator
{
    public static IReadOnlyList<string> Validate(object? value, V1JSONSchemaProps schema, string path)
    {
        var errors = new List<string>();
        Check(value, schema, path, errors);
        return errors;
    }

    private static void Check(object? value, V1JSONSchemaProps schema, string path, List<string> errors)
    {
        switch (schema.Type)
        {
            case "object" when value is IDictionary map:
                CheckObject(map, schema, path, errors);
                break;
            case "array" when value is IList list:
                CheckArray(list, schema, path, errors);
                break;
            case "string" when value is string text:
                CheckString(text, schema, path, errors);
                break;
            case "integer" when value is byte or sbyte or short or ushort or int or uint or long or ulong:
                CheckNumber(Convert.ToDouble(value, CultureInfo.InvariantCulture), schema, path, errors);
                break;
            case "boolean" when value is bool:
                break;
            default:
                errors.Add($"{path}: expected {schema.Type}, got {Describe(value)}");
                return;
        }

        if (schema.EnumProperty is { Count: > 0 } allowed && !allowed.Any(a => Equals(a?.ToString(), value?.ToString())))
        {
            errors.Add($"{path}: \"{value}\" is not one of {string.Join(", ", allowed)}");
        }
    }

    private static void CheckObject(IDictionary map, V1JSONSchemaProps schema, string path, List<string> errors)
    {
        var additional = MetricsBackendCrd.AsSchema(schema.AdditionalProperties);
        foreach (DictionaryEntry entry in map)
        {
            var name = (string)entry.Key;
            if (schema.Properties?.TryGetValue(name, out var child) == true)
            {
                Check(entry.Value, child, $"{path}.{name}", errors);
            }
            else if (additional is not null)
            {
                Check(entry.Value, additional, $"{path}.{name}", errors);
            }
            else if (schema.XKubernetesPreserveUnknownFields != true && schema.Properties is not null)
            {
                errors.Add($"{path}.{name}: unknown field");
            }
        }

        foreach (var name in (schema.Required ?? []).Where(name => !map.Contains(name)))
        {
            errors.Add($"{path}.{name}: required");
        }

        if (map.Count < (schema.MinProperties ?? 0))
        {
            errors.Add($"{path}: needs at least {schema.MinProperties} properties");
        }
    }

    private static void CheckArray(IList list, V1JSONSchemaProps schema, string path, List<string> errors)
    {
        if (list.Count < (schema.MinItems ?? 0) || list.Count > (schema.MaxItems ?? long.MaxValue))
        {
            errors.Add($"{path}: {list.Count} items, allowed {schema.MinItems ?? 0}..{schema.MaxItems?.ToString(CultureInfo.InvariantCulture) ?? "any"}");
        }

        if (schema.XKubernetesListType == "set" && list.Cast<object?>().Select(i => i?.ToString()).Distinct().Count() != list.Count)
        {
            errors.Add($"{path}: duplicate items in a set");
        }

        var items = MetricsBackendCrd.AsSchema(schema.Items) ?? throw new InvalidOperationException($"{path}: array without items");
        for (var i = 0; i < list.Count; i++)
        {
            Check(list[i], items, $"{path}[{i}]", errors);
        }
    }

    private static void CheckString(string text, V1JSONSchemaProps schema, string path, List<string> errors)
    {
        if (text.Length < (schema.MinLength ?? 0) || text.Length > (schema.MaxLength ?? long.MaxValue))
        {
            errors.Add($"{path}: length {text.Length} outside {schema.MinLength ?? 0}..{schema.MaxLength?.ToString(CultureInfo.InvariantCulture) ?? "any"}");
        }

        if (schema.Pattern is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            errors.Add($"{path}: \"{text}\" does not match {pattern}");
        }
    }

    private static void CheckNumber(double number, V1JSONSchemaProps schema, string path, List<string> errors)
    {
        if (number < (schema.Minimum ?? double.MinValue) || number > (schema.Maximum ?? double.MaxValue))
        {
            errors.Add($"{path}: {number} outside {schema.Minimum}..{schema.Maximum}");
        }
    }

    private static string Describe(object? value) => value is null ? "null" : $"{value.GetType().Name} \"{value}\"";
}
