using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MetricsOperator.Kubernetes.Pods;

/// <summary>
/// Shares one <see cref="LabelSet"/> among all holders of equal labels, and one instance of each label key and
/// value string among all sets. Reference-counted, so label sets and strings no pod uses any more are released
/// (pod-template hashes churn with every rollout). Not thread-safe: used by a cache's single writer.
/// </summary>
internal sealed class LabelInterner
{
    private readonly Dictionary<LabelSet, PooledSet> _sets = [];
    private readonly Dictionary<string, PooledString> _strings = new(StringComparer.Ordinal);

    public int SetCount => _sets.Count;

    public int StringCount => _strings.Count;

    /// <summary>The shared set equal to <paramref name="labels"/>; pair it with one <see cref="Release"/>.</summary>
    public LabelSet Acquire(IEnumerable<KeyValuePair<string, string>>? labels)
    {
        var candidate = LabelSet.From(labels);
        if (candidate.Count == 0)
        {
            return LabelSet.Empty;
        }

        ref var pooled = ref CollectionsMarshal.GetValueRefOrNullRef(_sets, candidate);
        if (!Unsafe.IsNullRef(ref pooled))
        {
            pooled.References++;
            return pooled.Set;
        }

        // Key the pool by the interned copy, so the caller's strings are not kept alive.
        var interned = candidate.WithStrings(AcquireString);
        _sets.Add(interned, new PooledSet { Set = interned, References = 1 });
        return interned;
    }

    /// <summary>Gives back <paramref name="count"/> references to <paramref name="labels"/> obtained from <see cref="Acquire"/>.</summary>
    public void Release(LabelSet labels, int count = 1)
    {
        if (labels.Count == 0)
        {
            return;
        }

        ref var pooled = ref CollectionsMarshal.GetValueRefOrNullRef(_sets, labels);
        if (Unsafe.IsNullRef(ref pooled) || pooled.References < count)
        {
            throw new InvalidOperationException($"label set {{{labels}}} released more often than acquired");
        }

        pooled.References -= count;
        if (pooled.References == 0)
        {
            _sets.Remove(labels);
            foreach (var (key, value) in labels.Pairs)
            {
                ReleaseString(key);
                ReleaseString(value);
            }
        }
    }

    /// <summary>Drops dictionary growth slack after a bulk load.</summary>
    public void TrimExcess()
    {
        _sets.TrimExcess();
        _strings.TrimExcess();
    }

    private string AcquireString(string text)
    {
        ref var pooled = ref CollectionsMarshal.GetValueRefOrAddDefault(_strings, text, out var exists);
        if (!exists)
        {
            pooled.Value = text;
        }

        pooled.References++;
        return pooled.Value;
    }

    private void ReleaseString(string text)
    {
        ref var pooled = ref CollectionsMarshal.GetValueRefOrNullRef(_strings, text);
        if (--pooled.References == 0)
        {
            _strings.Remove(text);
        }
    }

    private struct PooledSet
    {
        public LabelSet Set;
        public int References;
    }

    private struct PooledString
    {
        public string Value;
        public int References;
    }
}
