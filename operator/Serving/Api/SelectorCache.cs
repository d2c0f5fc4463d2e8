using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using MetricsOperator.Kubernetes.Selectors;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// Parsed label and field selectors by their text. An HPA sends the same selector every few seconds; parsed
/// selectors are immutable, so they are shared. Bounded: past the limit, selectors are parsed and not remembered.
/// Parse errors are not remembered either.
/// </summary>
internal sealed class SelectorCache
{
    private const int MaxRemembered = 1024;

    private readonly ConcurrentDictionary<string, LabelSelector> _labels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FieldSelector> _fields = new(StringComparer.Ordinal);

    public bool TryGetLabels(string? text, [NotNullWhen(true)] out LabelSelector? selector, out string error)
    {
        error = string.Empty;
        if (string.IsNullOrEmpty(text))
        {
            selector = LabelSelector.Everything;
            return true;
        }

        if (_labels.TryGetValue(text, out selector))
        {
            return true;
        }

        if (!LabelSelector.TryParse(text, out selector, out error))
        {
            return false;
        }

        Remember(_labels, text, selector);
        return true;
    }

    public bool TryGetFields(string? text, [NotNullWhen(true)] out FieldSelector? selector, out string error)
    {
        error = string.Empty;
        if (string.IsNullOrEmpty(text))
        {
            selector = FieldSelector.Everything;
            return true;
        }

        if (_fields.TryGetValue(text, out selector))
        {
            return true;
        }

        if (!FieldSelector.TryParse(text, out selector, out error))
        {
            return false;
        }

        Remember(_fields, text, selector);
        return true;
    }

    private static void Remember<T>(ConcurrentDictionary<string, T> cache, string text, T selector)
    {
        if (cache.Count < MaxRemembered)
        {
            cache.TryAdd(text, selector);
        }
    }
}
