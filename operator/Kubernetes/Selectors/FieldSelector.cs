using System.Diagnostics.CodeAnalysis;

namespace MetricsOperator.Kubernetes.Selectors;

/// <summary>The object fields a <see cref="FieldSelector"/> may test, as the metrics API supports them.</summary>
internal enum SelectableField
{
    /// <summary><c>metadata.name</c>.</summary>
    Name,

    /// <summary><c>metadata.namespace</c> (empty for cluster-scoped objects).</summary>
    Namespace,
}

/// <summary>One <c>field=value</c> or <c>field!=value</c> term of a <see cref="FieldSelector"/>.</summary>
internal sealed record FieldRequirement(SelectableField Field, bool Negated, string Value)
{
    public bool Matches(string name, string? namespaceName)
    {
        var actual = Field == SelectableField.Name ? name : namespaceName ?? string.Empty;
        return string.Equals(actual, Value, StringComparison.Ordinal) != Negated;
    }
}

/// <summary>
/// A parsed field selector over <c>metadata.name</c> and <c>metadata.namespace</c> with <c>=</c>, <c>==</c> and
/// <c>!=</c>, terms separated by commas; <c>\,</c>, <c>\=</c> and <c>\\</c> escape those characters in values.
/// Any other field is rejected, as the Kubernetes API rejects it for these resources.
/// </summary>
internal sealed class FieldSelector
{
    private const string Name = "metadata.name";
    private const string Namespace = "metadata.namespace";

    private readonly FieldRequirement[] _requirements;

    private FieldSelector(FieldRequirement[] requirements) => _requirements = requirements;

    public static FieldSelector Everything { get; } = new([]);

    public IReadOnlyList<FieldRequirement> Requirements => _requirements;

    public bool IsEverything => _requirements.Length == 0;

    public static bool TryParse(string? text, [MaybeNullWhen(false)] out FieldSelector selector, out string error)
    {
        selector = null;
        var requirements = new List<FieldRequirement>();
        foreach (var term in FieldSelectorSyntax.SplitTerms(text ?? string.Empty))
        {
            if (term.Length == 0)
            {
                continue;
            }

            if (!FieldSelectorSyntax.TrySplitTerm(term, out var field, out var negated, out var rawValue))
            {
                error = $"invalid field selector '{term}': expected field=value, field==value or field!=value";
                return false;
            }

            SelectableField? known = field switch { Name => SelectableField.Name, Namespace => SelectableField.Namespace, _ => null };
            if (known is null)
            {
                error = $"\"{field}\" is not a known field selector: only \"{Name}\", \"{Namespace}\"";
                return false;
            }

            if (!FieldSelectorSyntax.TryUnescape(rawValue, out var value, out var escapeProblem))
            {
                error = $"invalid field selector '{term}': {escapeProblem}";
                return false;
            }

            requirements.Add(new FieldRequirement(known.Value, negated, value));
        }

        selector = requirements.Count == 0 ? Everything : new FieldSelector([.. requirements]);
        error = string.Empty;
        return true;
    }

    public static FieldSelector Parse(string? text) =>
        TryParse(text, out var selector, out var error) ? selector : throw new FormatException(error);

    /// <summary>Whether an object with this name and namespace (null or empty when cluster-scoped) satisfies every term.</summary>
    public bool Matches(string name, string? namespaceName)
    {
        foreach (var requirement in _requirements)
        {
            if (!requirement.Matches(name, namespaceName))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value of a <c>field=value</c> term for <paramref name="field"/>, letting a caller narrow a lookup.</summary>
    public string? RequiredValue(SelectableField field)
    {
        foreach (var requirement in _requirements)
        {
            if (requirement.Field == field && !requirement.Negated)
            {
                return requirement.Value;
            }
        }

        return null;
    }

    public override string ToString() =>
        string.Join(',', _requirements.Select(r =>
            (r.Field == SelectableField.Name ? Name : Namespace) + (r.Negated ? "!=" : "=") + FieldSelectorSyntax.Escape(r.Value)));
}
