using System.Reflection;
using System.Text.RegularExpressions;
using k8s.Models;
using MetricsOperator.Api.V1Alpha1;

namespace MetricsOperator.Tests.Api.V1Alpha1;

/// <summary>
/// Follows a printer column's JSONPath (the subset CRDs use: <c>.a.b</c> and <c>.list[?(@.field=="value")].c</c>)
/// through the schema and reports where it leaves it, or ends at a field of the wrong type.
/// </summary>
internal static partial class PrinterColumnPath
{
    private static readonly HashSet<string> ConditionTypes =
    [
        MetricsBackendConditions.Ready,
        MetricsBackendConditions.CertificatesReady,
        MetricsBackendConditions.ApiServiceAvailable,
        MetricsBackendConditions.ScrapingHealthy,
    ];

    public static IReadOnlyList<string> Check(V1CustomResourceColumnDefinition column, V1JSONSchemaProps root)
    {
        var where = $"column {column.Name} ({column.JsonPath})";
        if (column.JsonPath == ".metadata.creationTimestamp" || column.JsonPath == ".metadata.name")
        {
            // metadata's schema belongs to the API server: check against ObjectMeta instead.
            return typeof(V1ObjectMeta).GetProperties().Any(p => ".metadata." + JsonName(p) == column.JsonPath) ? [] : [$"{where}: no such metadata field"];
        }

        var schema = root;
        foreach (var segment in Segments(column.JsonPath.TrimStart('.')))
        {
            var match = SegmentPattern().Match(segment);
            if (!match.Success)
            {
                return [$"{where}: cannot read segment {segment}"];
            }

            if (schema.Properties?.TryGetValue(match.Groups["name"].Value, out var child) != true)
            {
                return [$"{where}: no field {match.Groups["name"].Value}"];
            }

            schema = child!;
            if (match.Groups["field"].Success)
            {
                var items = schema.Type == "array" ? MetricsBackendCrd.AsSchema(schema.Items) : null;
                if (items?.Properties?.ContainsKey(match.Groups["field"].Value) != true)
                {
                    return [$"{where}: {match.Groups["name"].Value} is not a list of objects with {match.Groups["field"].Value}"];
                }

                if (match.Groups["name"].Value == "conditions" && !ConditionTypes.Contains(match.Groups["value"].Value))
                {
                    return [$"{where}: {match.Groups["value"].Value} is not a condition type the operator reports"];
                }

                schema = items;
            }
        }

        var expected = column.Type switch
        {
            "date" => ("string", "date-time"),
            "integer" or "number" or "boolean" or "string" => (column.Type, schema.Format),
            _ => ("unknown", null),
        };
        return (schema.Type, schema.Format) == expected ? [] : [$"{where}: ends at {schema.Type} ({schema.Format}), column type {column.Type}"];
    }

    /// <summary>The path split on the dots outside filter brackets (the filter itself holds <c>@.field</c>).</summary>
    private static IEnumerable<string> Segments(string path)
    {
        var current = "";
        foreach (var part in path.Split('.'))
        {
            current = current.Length == 0 ? part : current + "." + part;
            if (current.Count(c => c == '[') == current.Count(c => c == ']'))
            {
                yield return current;
                current = "";
            }
        }
    }

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name ?? property.Name;

    [GeneratedRegex("""^(?<name>[A-Za-z]+)(\[\?\(@\.(?<field>[A-Za-z]+)=="(?<value>[^"]+)"\)\])?$""")]
    private static partial Regex SegmentPattern();
}
