using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MetricsOperator.SimulatedCluster.CustomResources.Cel;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.SimulatedCluster.CustomResources;

/// <summary>
/// Validates a custom resource against its CRD's structural schema (type, required, enum, pattern, minimum/maximum,
/// lengths, item counts, nullable) and x-kubernetes-validations rules, with kube-apiserver's field error wording.
/// </summary>
internal static class SchemaValidator
{
    public static List<FieldError> Validate(JsonObject item, JsonObject schema, JsonObject? old)
    {
        var errors = new List<FieldError>();
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, property) in properties)
            {
                if (name is "metadata" or "apiVersion" or "kind" || property is not JsonObject propertySchema)
                {
                    continue;
                }

                if (item.TryGetPropertyValue(name, out var value))
                {
                    Check(value, propertySchema, name, old?[name], errors);
                }
            }
        }

        Required(item, schema, "", errors);
        if (errors.Any(e => e.Reason is "FieldValueTypeInvalid" or "FieldValueRequired"))
        {
            // As kube-apiserver: rules are not evaluated over an object of the wrong shape.
            errors.Add(new FieldError("<nil>", "FieldValueInvalid", "Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"));
            return errors;
        }

        foreach (var (name, property) in schema["properties"] as JsonObject ?? [])
        {
            if (property is JsonObject propertySchema && item.TryGetPropertyValue(name, out var value) && value is not null)
            {
                Rules(value, propertySchema, name, old?[name], errors);
            }
        }

        return errors;
    }

    private static void Check(JsonNode? value, JsonObject schema, string path, JsonNode? old, List<FieldError> errors)
    {
        if (value is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true)
            {
                errors.Add(FieldError.Invalid(path, "\"null\"", $"{path} in body must be of type {schema["type"]}: \"null\""));
            }

            return;
        }

        var type = schema["type"]?.ToString();
        var actual = TypeOf(value);
        if (type is not null && !Compatible(type, actual) && schema["x-kubernetes-int-or-string"]?.GetValue<bool>() != true)
        {
            errors.Add(new FieldError(path, "FieldValueTypeInvalid", $"Invalid value: \"{actual}\": {path} in body must be of type {type}: \"{actual}\""));
            return;
        }

        Constraints(value, schema, path, errors);
        switch (value)
        {
            case JsonObject map:
                var properties = schema["properties"] as JsonObject;
                var additional = schema["additionalProperties"] as JsonObject;
                foreach (var (name, child) in map)
                {
                    if ((properties?[name] ?? additional) is JsonObject childSchema)
                    {
                        Check(child, childSchema, path + "." + name, old?[name], errors);
                    }
                }

                Required(map, schema, path + ".", errors);
                break;
            case JsonArray list when schema["items"] is JsonObject items:
                for (var i = 0; i < list.Count; i++)
                {
                    Check(list[i], items, $"{path}[{i}]", null, errors);
                }

                break;
        }
    }

    private static void Required(JsonObject map, JsonObject schema, string prefix, List<FieldError> errors)
    {
        foreach (var name in (schema["required"] as JsonArray ?? []).Select(r => r?.ToString() ?? ""))
        {
            if (!map.ContainsKey(name))
            {
                errors.Add(FieldError.Required(prefix + name));
            }
        }
    }

    private static void Constraints(JsonNode value, JsonObject schema, string path, List<FieldError> errors)
    {
        var shown = Show(value);
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add(FieldError.NotSupported(path, shown, allowed.Select(a => Show(a!))));
        }

        if (value is JsonValue scalar && scalar.TryGetValue<string>(out var text))
        {
            var length = text.EnumerateRunes().Count();
            if (schema["maxLength"]?.GetValue<long>() is { } max && length > max)
            {
                errors.Add(new FieldError(path, "FieldValueTooLong", $"Too long: may not be more than {max} bytes"));
            }

            if (schema["minLength"]?.GetValue<long>() is { } min && length < min)
            {
                errors.Add(FieldError.Invalid(path, shown, $"{path} in body should be at least {min} chars long"));
            }

            if (schema["pattern"]?.ToString() is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                errors.Add(FieldError.Invalid(path, shown, $"{path} in body should match '{pattern}'"));
            }
        }

        if (value is JsonValue number && number.TryGetValue<double>(out var n))
        {
            var exclusiveMin = schema["exclusiveMinimum"]?.GetValue<bool>() == true;
            var exclusiveMax = schema["exclusiveMaximum"]?.GetValue<bool>() == true;
            if (schema["minimum"]?.GetValue<double>() is { } minimum && (n < minimum || (exclusiveMin && n == minimum)))
            {
                errors.Add(FieldError.Invalid(path, shown, $"{path} in body should be greater than {(exclusiveMin ? "" : "or equal to ")}{Number(minimum)}"));
            }

            if (schema["maximum"]?.GetValue<double>() is { } maximum && (n > maximum || (exclusiveMax && n == maximum)))
            {
                errors.Add(FieldError.Invalid(path, shown, $"{path} in body should be less than {(exclusiveMax ? "" : "or equal to ")}{Number(maximum)}"));
            }
        }

        if (value is JsonArray list)
        {
            if (schema["maxItems"]?.GetValue<long>() is { } maxItems && list.Count > maxItems)
            {
                errors.Add(new FieldError(path, "FieldValueTooMany", $"Too many: {list.Count}: must have at most {maxItems} items"));
            }

            if (schema["minItems"]?.GetValue<long>() is { } minItems && list.Count < minItems)
            {
                errors.Add(FieldError.Invalid(path, list.Count.ToString(CultureInfo.InvariantCulture), $"{path} in body should have at least {minItems} items"));
            }

            if (schema["x-kubernetes-list-type"]?.ToString() == "set" && list.Select(e => e?.ToJsonString()).Distinct().Count() != list.Count)
            {
                var duplicate = list.GroupBy(e => e?.ToJsonString()).First(g => g.Count() > 1).First();
                errors.Add(new FieldError(path + $"[{list.IndexOf(duplicate)}]", "FieldValueDuplicate", $"Duplicate value: {Show(duplicate!)}"));
            }
        }
    }

    /// <summary>x-kubernetes-validations, depth first (children before their parent, as kube-apiserver reports them).</summary>
    private static void Rules(JsonNode value, JsonObject schema, string path, JsonNode? old, List<FieldError> errors)
    {
        switch (value)
        {
            case JsonObject map:
                var properties = schema["properties"] as JsonObject;
                var additional = schema["additionalProperties"] as JsonObject;
                foreach (var (name, child) in map)
                {
                    if (child is not null && (properties?[name] ?? additional) is JsonObject childSchema)
                    {
                        Rules(child, childSchema, path + "." + name, old?[name], errors);
                    }
                }

                break;
            case JsonArray list when schema["items"] is JsonObject items:
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is { } element)
                    {
                        Rules(element, items, $"{path}[{i}]", null, errors);
                    }
                }

                break;
        }

        OwnRules(value, schema, path, old, errors);
    }

    private static void OwnRules(JsonNode value, JsonObject schema, string path, JsonNode? old, List<FieldError> errors)
    {
        foreach (var rule in (schema["x-kubernetes-validations"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var text = rule["rule"]?.ToString() ?? "";
            if (text.Contains("oldSelf", StringComparison.Ordinal) && old is null)
            {
                continue;
            }

            var variables = new Dictionary<string, object?> { ["self"] = CelEvaluator.FromJson(value), ["oldSelf"] = CelEvaluator.FromJson(old) };
            var field = rule["fieldPath"]?.ToString() is { Length: > 0 } fieldPath ? path + fieldPath : path;
            var typeName = schema["type"]?.ToString() ?? "object";
            try
            {
                if (CelEvaluator.Evaluate(CelParser.Parse(text), variables) is not true)
                {
                    var message = rule["message"]?.ToString() is { Length: > 0 } m ? m : $"failed rule: {text}";
                    errors.Add(FieldError.Invalid(field, $"\"{typeName}\"", message));
                }
            }
            catch (Exception e) when (e is CelException or FormatException)
            {
                errors.Add(FieldError.Invalid(field, $"\"{typeName}\"", $"{e.Message} evaluating rule: {text}"));
            }
        }
    }

    private static readonly System.Text.Json.JsonSerializerOptions QuoteOptions =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string TypeOf(JsonNode value) => value switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v when v.TryGetValue<bool>(out _) => "boolean",
        JsonValue v when v.TryGetValue<long>(out _) => "integer",
        JsonValue v when v.TryGetValue<double>(out _) => "number",
        _ => "string",
    };

    private static bool Compatible(string expected, string actual) => expected == actual || (expected == "number" && actual == "integer");

    /// <summary>A value as Go's field.Error prints it: strings quoted, numbers and booleans bare.</summary>
    private static string Show(JsonNode value) => value switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => System.Text.Json.JsonSerializer.Serialize(s, QuoteOptions),
        JsonValue v => v.ToJsonString(),
        JsonObject => "\"object\"",
        _ => "\"array\"",
    };

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
