using System.Runtime.InteropServices;
using MetricsOperator.Kubernetes.Selectors;

namespace MetricsOperator.Kubernetes.Pods;

/// <summary>
/// The pods of one namespace, grouped by identical labels and indexed by label <c>key=value</c>. Writers need
/// exclusive access; concurrent readers are fine (the name-ordered view they may build is published atomically).
/// </summary>
internal sealed class NamespacePods
{
    private static readonly Comparison<PodMetadata> ByName = static (a, b) => string.CompareOrdinal(a.Name, b.Name);

    private readonly Dictionary<string, LabelGroup> _groupOfPod = new(StringComparer.Ordinal);
    private readonly Dictionary<LabelSet, LabelGroup> _groups = new(ReferenceEqualityComparer.Instance);
    private readonly LabelGroupIndex _index = new();

    // UIDs that are not canonical GUIDs (never from a real API server), kept verbatim by pod name.
    private Dictionary<string, string>? _verbatimUids;

    // Every pod in name order, built by the first unindexed query after a change and dropped by the next change:
    // a list of the whole namespace (or cluster) is then a copy instead of a sort of thousands of names.
    private PodMetadata[]? _byName;

    public NamespacePods(string name) => Name = name;

    public string Name { get; }

    public int Count => _groupOfPod.Count;

    /// <summary>Stores the pod; returns the labels it had before (the caller releases them), or null if it is new.</summary>
    public LabelSet? Set(string podName, PodUid uid, LabelSet labels)
    {
        RememberVerbatimUid(podName, uid);
        if (_groupOfPod.TryGetValue(podName, out var current))
        {
            if (ReferenceEquals(current.Labels, labels))
            {
                // An informer resync re-delivers unchanged pods; those keep the name-ordered view.
                if (uid.Text is not null || !current.TryGetUid(podName, out var known) || known != uid.Value)
                {
                    _byName = null;
                }

                current.Set(podName, uid.Value);
                return labels;
            }

            Leave(current, podName);
            _byName = null;

            // Re-key with the instance the new group stores, so only one copy of the name stays alive.
            _groupOfPod.Remove(podName);
        }

        var group = GroupFor(labels);
        group.Set(podName, uid.Value);
        _groupOfPod[podName] = group;
        _byName = null;
        return current?.Labels;
    }

    /// <summary>Removes the pod; returns its labels (the caller releases them), or null if it was not here.</summary>
    public LabelSet? Remove(string podName)
    {
        if (!_groupOfPod.Remove(podName, out var group))
        {
            return null;
        }

        _byName = null;
        _verbatimUids?.Remove(podName);
        Leave(group, podName);
        return group.Labels;
    }

    public bool TryGet(string podName, out PodMetadata pod)
    {
        if (_groupOfPod.TryGetValue(podName, out var group) && group.TryGetUid(podName, out var uid))
        {
            pod = new PodMetadata(Name, podName, UidOf(podName, uid), group.Labels);
            return true;
        }

        pod = default;
        return false;
    }

    /// <summary>
    /// Adds the pods matching <paramref name="selector"/> in name order (ordinal); returns how many label groups were
    /// examined. With an <c>=</c> or <c>in</c> requirement only the groups carrying one of its values are looked at
    /// (and only their pods sorted); otherwise the pods are copied from the name-ordered view.
    /// </summary>
    public int Collect(LabelSelector selector, List<PodMetadata> results)
    {
        var narrowest = NarrowestIndexedRequirement(selector);
        if (narrowest is null)
        {
            var byName = Volatile.Read(ref _byName) ?? BuildByName();
            if (selector.IsEverything)
            {
                results.AddRange(byName);
                return _groups.Count;
            }

            foreach (ref readonly var pod in byName.AsSpan())
            {
                if (selector.Matches(pod.Labels))
                {
                    results.Add(pod);
                }
            }

            return _groups.Count;
        }

        var start = results.Count;
        var examined = 0;
        for (var i = 0; i < narrowest.Values.Count; i++)
        {
            examined += _index.Collect(narrowest.Key, narrowest.Values[i], selector, this, results);
        }

        CollectionsMarshal.AsSpan(results)[start..].Sort(ByName);
        return examined;
    }

    /// <summary>Calls <paramref name="release"/> with each group's labels and pod count (when this namespace is dropped).</summary>
    public void ForEachGroup(Action<LabelSet, int> release)
    {
        foreach (var group in _groups.Values)
        {
            release(group.Labels, group.Count);
        }
    }

    /// <summary>The pod's UID: <paramref name="uid"/>, or the verbatim text if it was not a canonical GUID.</summary>
    public PodUid UidOf(string podName, Guid uid) =>
        _verbatimUids is not null && _verbatimUids.TryGetValue(podName, out var text) ? new PodUid(Guid.Empty, text) : new PodUid(uid, null);

    /// <summary>Drops dictionary growth slack after a bulk load (a relist), which can be a third of the memory.</summary>
    public void TrimExcess()
    {
        _groupOfPod.TrimExcess();
        _groups.TrimExcess();
        _index.TrimExcess();
        foreach (var group in _groups.Values)
        {
            group.TrimExcess();
        }
    }

    private void RememberVerbatimUid(string podName, PodUid uid)
    {
        if (uid.Text is not null)
        {
            (_verbatimUids ??= new(StringComparer.Ordinal))[podName] = uid.Text;
        }
        else
        {
            _verbatimUids?.Remove(podName);
        }
    }

    private LabelRequirement? NarrowestIndexedRequirement(LabelSelector selector)
    {
        LabelRequirement? narrowest = null;
        var fewest = int.MaxValue;
        for (var i = 0; i < selector.Requirements.Count; i++)
        {
            var requirement = selector.Requirements[i];
            if (!requirement.RestrictsToValues)
            {
                continue;
            }

            var candidates = 0;
            for (var v = 0; v < requirement.Values.Count; v++)
            {
                candidates += _index.CountFor(requirement.Key, requirement.Values[v]);
            }

            if (candidates < fewest)
            {
                (narrowest, fewest) = (requirement, candidates);
            }
        }

        return narrowest;
    }

    /// <summary>Builds and publishes the name-ordered view; readers racing here build equal views, one of which stays.</summary>
    private PodMetadata[] BuildByName()
    {
        var pods = new List<PodMetadata>(Count);
        foreach (var group in _groups.Values)
        {
            group.AddTo(pods, this);
        }

        var byName = pods.ToArray();
        byName.AsSpan().Sort(ByName);
        Volatile.Write(ref _byName, byName);
        return byName;
    }

    private LabelGroup GroupFor(LabelSet labels)
    {
        if (!_groups.TryGetValue(labels, out var group))
        {
            group = new LabelGroup(labels);
            _groups.Add(labels, group);
            _index.Add(group);
        }

        return group;
    }

    private void Leave(LabelGroup group, string podName)
    {
        group.Remove(podName);
        if (group.Count == 0)
        {
            _groups.Remove(group.Labels);
            _index.Remove(group);
        }
    }
}
