using k8s.Models;

namespace MetricsOperator.Scraping;

/// <summary>
/// Remembers each node's resolved target while neither the Node object nor the settings change, so a steady
/// round builds no URLs. Used only by the round set-up, which is single-threaded.
/// </summary>
internal sealed class KubeletTargetCache
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _leaving = [];

    public int Count => _entries.Count;

    public bool TryResolve(V1Node node, ScrapeSettings settings, out KubeletTarget? target, out string error)
    {
        var name = node.Metadata?.Name;
        if (name is not null
            && _entries.TryGetValue(name, out var cached)
            && ReferenceEquals(cached.Node, node)
            && ReferenceEquals(cached.Settings, settings))
        {
            target = cached.Target;
            error = cached.Error;
            return target is not null;
        }

        var resolved = KubeletAddressResolver.TryResolve(node, settings, out target, out error);
        if (name is not null)
        {
            _entries[name] = new Entry(node, settings, target, error);
        }

        return resolved;
    }

    /// <summary>Forgets nodes that are no longer listed.</summary>
    public void RemoveAllExcept(IReadOnlySet<string> listedNodeNames)
    {
        foreach (var name in _entries.Keys)
        {
            if (!listedNodeNames.Contains(name))
            {
                _leaving.Add(name);
            }
        }

        foreach (var name in _leaving)
        {
            _entries.Remove(name);
        }

        _leaving.Clear();
    }

    private sealed record Entry(V1Node Node, ScrapeSettings Settings, KubeletTarget? Target, string Error);
}
