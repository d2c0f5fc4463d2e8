using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MetricsOperator.Kubernetes.Selectors;

namespace MetricsOperator.Kubernetes.Pods;

/// <summary>
/// Within one namespace: label <c>key=value</c> → the <see cref="LabelGroup"/>s carrying it. A pair carried by one
/// group only (common: a StatefulSet pod's name label) stores that group directly instead of a set.
/// </summary>
internal sealed class LabelGroupIndex
{
    private readonly Dictionary<LabelPair, object> _groups = [];

    public void Add(LabelGroup group)
    {
        foreach (var (key, value) in group.Labels.Pairs)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_groups, new LabelPair(key, value), out var exists);
            if (!exists)
            {
                slot = group;
            }
            else if (slot is HashSet<LabelGroup> set)
            {
                set.Add(group);
            }
            else
            {
                slot = new HashSet<LabelGroup> { (LabelGroup)slot!, group };
            }
        }
    }

    public void Remove(LabelGroup group)
    {
        foreach (var (key, value) in group.Labels.Pairs)
        {
            var pair = new LabelPair(key, value);
            ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(_groups, pair);
            if (Unsafe.IsNullRef(ref slot))
            {
                continue;
            }

            if (slot is HashSet<LabelGroup> set)
            {
                set.Remove(group);
                if (set.Count == 1)
                {
                    slot = set.First();
                }
            }
            else if (ReferenceEquals(slot, group))
            {
                _groups.Remove(pair);
            }
        }
    }

    public void TrimExcess()
    {
        _groups.TrimExcess();
        foreach (var slot in _groups.Values)
        {
            (slot as HashSet<LabelGroup>)?.TrimExcess();
        }
    }

    /// <summary>How many groups carry <c>key=value</c>.</summary>
    public int CountFor(string key, string value) =>
        _groups.TryGetValue(new LabelPair(key, value), out var slot) ? (slot as HashSet<LabelGroup>)?.Count ?? 1 : 0;

    /// <summary>Adds the pods of the groups carrying <c>key=value</c> that match <paramref name="selector"/>; returns the groups examined.</summary>
    public int Collect(string key, string value, LabelSelector selector, NamespacePods pods, List<PodMetadata> results)
    {
        if (!_groups.TryGetValue(new LabelPair(key, value), out var slot))
        {
            return 0;
        }

        if (slot is not HashSet<LabelGroup> set)
        {
            AddIfMatching((LabelGroup)slot, selector, pods, results);
            return 1;
        }

        foreach (var group in set)
        {
            AddIfMatching(group, selector, pods, results);
        }

        return set.Count;
    }

    public static void AddIfMatching(LabelGroup group, LabelSelector selector, NamespacePods pods, List<PodMetadata> results)
    {
        if (selector.Matches(group.Labels))
        {
            group.AddTo(results, pods);
        }
    }

    private readonly record struct LabelPair(string Key, string Value);
}
