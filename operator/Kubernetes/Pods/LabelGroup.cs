namespace MetricsOperator.Kubernetes.Pods;

/// <summary>
/// The pods of one namespace that carry exactly the same labels. A selector is evaluated once per group rather than
/// once per pod. A group of one (the common case for StatefulSet pods, whose labels include their name) keeps its
/// pod inline instead of allocating a dictionary.
/// </summary>
internal sealed class LabelGroup
{
    private string? _soleName;
    private Guid _soleUid;
    private Dictionary<string, Guid>? _pods;

    public LabelGroup(LabelSet labels) => Labels = labels;

    public LabelSet Labels { get; }

    public int Count => _pods?.Count ?? (_soleName is null ? 0 : 1);

    public void Set(string name, Guid uid)
    {
        if (_pods is not null)
        {
            _pods[name] = uid;
        }
        else if (string.Equals(_soleName, name, StringComparison.Ordinal))
        {
            _soleUid = uid;
        }
        else if (_soleName is null)
        {
            (_soleName, _soleUid) = (name, uid);
        }
        else
        {
            _pods = new Dictionary<string, Guid>(StringComparer.Ordinal) { [_soleName] = _soleUid, [name] = uid };
            (_soleName, _soleUid) = (null, default);
        }
    }

    public bool Remove(string name)
    {
        if (_pods is not null)
        {
            return _pods.Remove(name);
        }

        if (!string.Equals(_soleName, name, StringComparison.Ordinal))
        {
            return false;
        }

        (_soleName, _soleUid) = (null, default);
        return true;
    }

    public bool TryGetUid(string name, out Guid uid)
    {
        if (_pods is not null)
        {
            return _pods.TryGetValue(name, out uid);
        }

        uid = _soleUid;
        return string.Equals(_soleName, name, StringComparison.Ordinal);
    }

    /// <summary>Adds every pod of the group to <paramref name="results"/>.</summary>
    public void AddTo(List<PodMetadata> results, NamespacePods pods)
    {
        if (_pods is null)
        {
            if (_soleName is not null)
            {
                results.Add(new PodMetadata(pods.Name, _soleName, pods.UidOf(_soleName, _soleUid), Labels));
            }

            return;
        }

        foreach (var (name, uid) in _pods)
        {
            results.Add(new PodMetadata(pods.Name, name, pods.UidOf(name, uid), Labels));
        }
    }

    /// <summary>Drops growth slack once a bulk load is complete.</summary>
    public void TrimExcess() => _pods?.TrimExcess();
}
