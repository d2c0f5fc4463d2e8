using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MetricsOperator.SimulatedCluster.CustomResources.Cel;

/// <summary>
/// Evaluates a parsed CEL expression against JSON: maps are JsonObject, lists are List&lt;object?&gt;, scalars are
/// bool, long, double, string; durations are TimeSpan. Errors (missing keys, type mismatches) throw
/// <see cref="CelException"/> with CEL's wording.
/// </summary>
internal static class CelEvaluator
{
    public static object? Evaluate(CelNode node, IReadOnlyDictionary<string, object?> variables) => node switch
    {
        CelLiteral literal => literal.Value,
        CelIdentifier id => variables.TryGetValue(id.Name, out var value) ? value : throw new CelException($"undeclared reference to '{id.Name}'"),
        CelSelect select => Select(Evaluate(select.Target, variables), select.Field),
        CelIndex index => Index(Evaluate(index.Target, variables), Evaluate(index.Index, variables)),
        CelUnary { Operator: "!" } not => !Bool(Evaluate(not.Operand, variables)),
        CelUnary negate => Evaluate(negate.Operand, variables) switch
        {
            long l => (object)(-l),
            double d => -d,
            var other => throw NoOverload("-_", other),
        },
        CelBinary { Operator: "&&" } and => Bool(Evaluate(and.Left, variables)) && Bool(Evaluate(and.Right, variables)),
        CelBinary { Operator: "||" } or => Bool(Evaluate(or.Left, variables)) || Bool(Evaluate(or.Right, variables)),
        CelBinary binary => CelOperators.Apply(binary.Operator, Evaluate(binary.Left, variables), Evaluate(binary.Right, variables)),
        CelConditional conditional => Bool(Evaluate(conditional.Condition, variables))
            ? Evaluate(conditional.Then, variables) : Evaluate(conditional.Else, variables),
        CelList list => list.Items.Select(i => Evaluate(i, variables)).ToList(),
        CelCall call => Call(call, variables),
        _ => throw new CelException("unsupported expression"),
    };

    public static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o,
        JsonArray a => a.Select(FromJson).ToList(),
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        _ => node.ToString(),
    };

    private static bool Bool(object? value) => value as bool? ?? throw NoOverload("bool", value);

    private static object? Select(object? target, string field) => target switch
    {
        JsonObject map => map.TryGetPropertyValue(field, out var value) ? FromJson(value) : throw new CelException($"no such key: {field}"),
        _ => throw new CelException($"type '{TypeName(target)}' does not support field selection"),
    };

    private static object? Index(object? target, object? index) => (target, index) switch
    {
        (List<object?> list, long i) when i >= 0 && i < list.Count => list[(int)i],
        (List<object?>, long i) => throw new CelException($"index out of bounds: {i}"),
        (JsonObject map, string key) => map.TryGetPropertyValue(key, out var value) ? FromJson(value) : throw new CelException($"no such key: {key}"),
        _ => throw NoOverload("_[_]", target),
    };

    private static object? Call(CelCall call, IReadOnlyDictionary<string, object?> variables)
    {
        if (call.Target is null && call.Function == "has")
        {
            if (call.Arguments is not [CelSelect select])
            {
                throw new CelException("invalid argument to has() macro");
            }

            return Evaluate(select.Target, variables) is JsonObject map && map.TryGetPropertyValue(select.Field, out var present) && present is not null;
        }

        if (call.Target is not null && call.Function is "all" or "exists" && call.Arguments is [CelIdentifier variable, var predicate])
        {
            var items = Evaluate(call.Target, variables) switch
            {
                List<object?> list => list,
                JsonObject map => map.Select(p => (object?)p.Key).ToList(),
                var other => throw NoOverload(call.Function, other),
            };
            bool Test(object? item) => Bool(Evaluate(predicate, new Dictionary<string, object?>(variables) { [variable.Name] = item }));
            return call.Function == "all" ? items.All(Test) : items.Any(Test);
        }

        var receiver = call.Target is null ? null : Evaluate(call.Target, variables);
        var args = call.Arguments.Select(a => Evaluate(a, variables)).ToList();
        return (call.Function, receiver, args) switch
        {
            ("size", null, [var x]) => Size(x),
            ("size", { } x, []) => Size(x),
            ("duration", null, [string text]) => ParseDuration(text),
            ("int", null, [string text]) => (object)long.Parse(text, CultureInfo.InvariantCulture),
            ("int", null, [double d]) => (long)d,
            ("double", null, [long l]) => (double)l,
            ("string", null, [var x]) => Convert.ToString(x, CultureInfo.InvariantCulture),
            ("contains", string s, [string t]) => s.Contains(t, StringComparison.Ordinal),
            ("startsWith", string s, [string t]) => s.StartsWith(t, StringComparison.Ordinal),
            ("endsWith", string s, [string t]) => s.EndsWith(t, StringComparison.Ordinal),
            ("matches", string s, [string pattern]) => Regex.IsMatch(s, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)),
            ("lowerAscii", string s, []) => s.ToLowerInvariant(),
            _ => throw new CelException($"found no matching overload for '{call.Function}'"),
        };
    }

    private static TimeSpan ParseDuration(string text)
    {
        try
        {
            return GoDuration.Parse(text);
        }
        catch (FormatException)
        {
            throw new CelException($"invalid duration \"{text}\"");
        }
    }

    private static long Size(object? value) => value switch
    {
        string s => s.EnumerateRunes().Count(),
        List<object?> list => list.Count,
        JsonObject map => map.Count,
        _ => throw NoOverload("size", value),
    };

    public static CelException NoOverload(string function, object? value) =>
        new($"no such overload: {function}({TypeName(value)})");

    public static string TypeName(object? value) => value switch
    {
        null => "null_type",
        bool => "bool",
        long => "int",
        double => "double",
        string => "string",
        TimeSpan => "google.protobuf.Duration",
        List<object?> => "list",
        JsonObject => "map",
        _ => value.GetType().Name,
    };
}

/// <summary>A CEL evaluation error.</summary>
internal sealed class CelException : Exception
{
    public CelException(string message)
        : base(message)
    {
    }

    public CelException()
    {
    }

    public CelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
