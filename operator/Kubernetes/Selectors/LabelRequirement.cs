using System.Globalization;
using System.Text;

namespace MetricsOperator.Kubernetes.Selectors;

/// <summary>One parsed, validated requirement of a <see cref="LabelSelector"/>. Immutable; matching does not allocate.</summary>
internal sealed class LabelRequirement
{
    // Sorted ordinally and distinct, so membership is a binary search and ToString is canonical.
    private readonly string[] _values;
    private readonly long _bound;

    internal LabelRequirement(string key, LabelSelectorOperator op, string[] values)
    {
        Key = key;
        Operator = op;
        Array.Sort(values, StringComparer.Ordinal);
        _values = RemoveAdjacentDuplicates(values);
        if (op is LabelSelectorOperator.GreaterThan or LabelSelectorOperator.LessThan)
        {
            _bound = long.Parse(_values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
    }

    public string Key { get; }

    public LabelSelectorOperator Operator { get; }

    /// <summary>The values compared against, sorted and distinct; empty for Exists/DoesNotExist.</summary>
    public IReadOnlyList<string> Values => _values;

    /// <summary>True when only labels with one of <see cref="Values"/> can match, so a label index can answer it.</summary>
    public bool RestrictsToValues => Operator is LabelSelectorOperator.Equal or LabelSelectorOperator.In;

    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        string? value = null;
        var present = labels is not null && labels.TryGetValue(Key, out value);
        return Operator switch
        {
            LabelSelectorOperator.Equal or LabelSelectorOperator.In => present && HasValue(value!),
            LabelSelectorOperator.NotEqual or LabelSelectorOperator.NotIn => !present || !HasValue(value!),
            LabelSelectorOperator.Exists => present,
            LabelSelectorOperator.DoesNotExist => !present,
            LabelSelectorOperator.GreaterThan => present && TryParseInteger(value!, out var above) && above > _bound,
            LabelSelectorOperator.LessThan => present && TryParseInteger(value!, out var below) && below < _bound,
            _ => false,
        };
    }

    /// <summary>Whether <paramref name="value"/> is one of <see cref="Values"/>.</summary>
    public bool HasValue(string value) =>
        _values.Length == 1
            ? string.Equals(_values[0], value, StringComparison.Ordinal)
            : Array.BinarySearch(_values, value, StringComparer.Ordinal) >= 0;

    public override string ToString()
    {
        var text = new StringBuilder();
        AppendTo(text);
        return text.ToString();
    }

    internal void AppendTo(StringBuilder text)
    {
        switch (Operator)
        {
            case LabelSelectorOperator.Exists:
                text.Append(Key);
                break;
            case LabelSelectorOperator.DoesNotExist:
                text.Append('!').Append(Key);
                break;
            case LabelSelectorOperator.In or LabelSelectorOperator.NotIn:
                text.Append(Key).Append(Operator == LabelSelectorOperator.In ? " in (" : " notin (");
                text.AppendJoin(',', _values).Append(')');
                break;
            default:
                text.Append(Key).Append(SymbolOf(Operator)).Append(_values[0]);
                break;
        }
    }

    private static string SymbolOf(LabelSelectorOperator op) => op switch
    {
        LabelSelectorOperator.Equal => "=",
        LabelSelectorOperator.NotEqual => "!=",
        LabelSelectorOperator.GreaterThan => ">",
        _ => "<",
    };

    private static bool TryParseInteger(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static string[] RemoveAdjacentDuplicates(string[] sorted)
    {
        var count = sorted.Length == 0 ? 0 : 1;
        for (var i = 1; i < sorted.Length; i++)
        {
            if (!string.Equals(sorted[i], sorted[count - 1], StringComparison.Ordinal))
            {
                sorted[count++] = sorted[i];
            }
        }

        return count == sorted.Length ? sorted : sorted[..count];
    }
}
