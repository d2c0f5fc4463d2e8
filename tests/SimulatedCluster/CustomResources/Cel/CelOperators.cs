using System.Text.Json.Nodes;

namespace MetricsOperator.SimulatedCluster.CustomResources.Cel;

/// <summary>CEL's binary operators over the evaluator's values: comparison, arithmetic and <c>in</c>.</summary>
internal static class CelOperators
{
    public static object? Apply(string op, object? left, object? right) => op switch
    {
        "==" => Equal(left, right),
        "!=" => !Equal(left, right),
        "<" => Compare(op, left, right) < 0,
        "<=" => Compare(op, left, right) <= 0,
        ">" => Compare(op, left, right) > 0,
        ">=" => Compare(op, left, right) >= 0,
        "in" => right switch
        {
            List<object?> list => list.Any(item => Equal(item, left)),
            JsonObject map when left is string key => map.ContainsKey(key),
            _ => throw CelEvaluator.NoOverload("@in", right),
        },
        "+" => (left, right) switch
        {
            (long a, long b) => (object)(a + b),
            (double a, double b) => (object)(a + b),
            (string a, string b) => (object)(a + b),
            (TimeSpan a, TimeSpan b) => (object)(a + b),
            (List<object?> a, List<object?> b) => a.Concat(b).ToList(),
            _ => throw CelEvaluator.NoOverload("_+_", left),
        },
        "-" => (left, right) switch
        {
            (long a, long b) => (object)(a - b),
            (double a, double b) => (object)(a - b),
            (TimeSpan a, TimeSpan b) => (object)(a - b),
            _ => throw CelEvaluator.NoOverload("_-_", left),
        },
        "*" => (left, right) switch
        {
            (long a, long b) => (object)(a * b),
            (double a, double b) => (object)(a * b),
            _ => throw CelEvaluator.NoOverload("_*_", left),
        },
        "/" => (left, right) switch
        {
            (long _, 0L) => throw new CelException("division by zero"),
            (long a, long b) => (object)(a / b),
            (double a, double b) => (object)(a / b),
            _ => throw CelEvaluator.NoOverload("_/_", left),
        },
        "%" => (left, right) switch
        {
            (long _, 0L) => throw new CelException("modulus by zero"),
            (long a, long b) => (object)(a % b),
            _ => throw CelEvaluator.NoOverload("_%_", left),
        },
        _ => throw new CelException($"unsupported operator {op}"),
    };

    private static bool Equal(object? left, object? right) => (left, right) switch
    {
        (null, null) => true,
        (long a, double b) => a == b,
        (double a, long b) => a == b,
        (JsonObject a, JsonObject b) => JsonNode.DeepEquals(a, b),
        (List<object?> a, List<object?> b) => a.Count == b.Count && a.Zip(b).All(p => Equal(p.First, p.Second)),
        _ => Equals(left, right),
    };

    private static int Compare(string op, object? left, object? right) => (left, right) switch
    {
        (long a, long b) => a.CompareTo(b),
        (double a, double b) => a.CompareTo(b),
        (long a, double b) => ((double)a).CompareTo(b),
        (double a, long b) => a.CompareTo(b),
        (string a, string b) => string.CompareOrdinal(a, b),
        (TimeSpan a, TimeSpan b) => a.CompareTo(b),
        (bool a, bool b) => a.CompareTo(b),
        _ => throw CelEvaluator.NoOverload($"_{op}_", left),
    };
}
