using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace MetricsOperator.Kubernetes.Selectors;

/// <summary>
/// A parsed Kubernetes label selector: every requirement must hold. Parse once, then <see cref="Matches"/> any
/// number of label sets without allocating. An empty selector matches everything.
/// </summary>
internal sealed class LabelSelector
{
    private readonly LabelRequirement[] _requirements;

    private LabelSelector(LabelRequirement[] requirements) => _requirements = requirements;

    /// <summary>The selector that matches every label set, including none.</summary>
    public static LabelSelector Everything { get; } = new([]);

    /// <summary>The requirements ordered by key (stable), as Kubernetes prints them.</summary>
    public IReadOnlyList<LabelRequirement> Requirements => _requirements;

    public bool IsEverything => _requirements.Length == 0;

    /// <summary>Parses <paramref name="text"/>; null, empty or blank text is <see cref="Everything"/>.</summary>
    public static bool TryParse(string? text, [MaybeNullWhen(false)] out LabelSelector selector, out string error)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            selector = Everything;
            error = string.Empty;
            return true;
        }

        if (!LabelSelectorParser.TryParse(text, out var requirements, out var problem))
        {
            selector = null;
            error = problem;
            return false;
        }

        selector = requirements.Count == 0 ? Everything : new LabelSelector([.. requirements.OrderBy(r => r.Key, StringComparer.Ordinal)]);
        error = string.Empty;
        return true;
    }

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/> with the parse error.</summary>
    public static LabelSelector Parse(string? text) =>
        TryParse(text, out var selector, out var error) ? selector : throw new FormatException(error);

    /// <summary>Whether <paramref name="labels"/> (null meaning no labels) satisfies every requirement.</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        foreach (var requirement in _requirements)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The canonical text, e.g. <c>app=web,tier in (a,b),!legacy</c>; empty for <see cref="Everything"/>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        for (var i = 0; i < _requirements.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            _requirements[i].AppendTo(text);
        }

        return text.ToString();
    }
}
