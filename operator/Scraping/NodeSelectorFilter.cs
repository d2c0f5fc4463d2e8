using k8s.Models;
using MetricsOperator.Kubernetes.Selectors;

namespace MetricsOperator.Scraping;

/// <summary>
/// Applies <see cref="ScrapeSettings.NodeSelector"/> to nodes, parsing the selector only when its text changes.
/// Used by the round set-up only (single-threaded).
/// </summary>
internal sealed class NodeSelectorFilter
{
    private string? _text;
    private LabelSelector? _selector;
    private string _error = string.Empty;

    /// <summary>The selector for <paramref name="settings"/>; false (with the parse error) when it is invalid.</summary>
    public bool TryGet(ScrapeSettings settings, out LabelSelector? selector, out string error)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!string.Equals(_text, settings.NodeSelector, StringComparison.Ordinal))
        {
            _text = settings.NodeSelector;
            _selector = LabelSelector.TryParse(_text, out var parsed, out _error) ? parsed : null;
        }

        selector = _selector;
        error = _error;
        return selector is not null;
    }

    public static bool Matches(LabelSelector selector, V1Node node)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(node);
        if (selector.IsEverything)
        {
            return true;
        }

        // Deserialized labels are a Dictionary, which already is read-only-viewable; wrap only anything else.
        var labels = node.Metadata?.Labels;
        return selector.Matches(labels as IReadOnlyDictionary<string, string> ?? labels?.AsReadOnly());
    }
}
