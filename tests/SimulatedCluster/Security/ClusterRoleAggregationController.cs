using k8s;
using k8s.Models;
using MetricsOperator.SimulatedCluster.ControlPlane;

namespace MetricsOperator.SimulatedCluster.Security;

/// <summary>
/// kube-controller-manager's clusterrole-aggregation controller: a ClusterRole with an aggregationRule gets, as its
/// rules, the union of the rules of every other ClusterRole its selectors match (in name order, duplicates dropped).
/// Recomputes whenever ClusterRoles change and writes only when the rules differ, so its own writes settle.
/// </summary>
internal sealed class ClusterRoleAggregationController : IDisposable
{
    private const string ClusterRoles = "clusterroles";

    private readonly IClusterState _state;
    private readonly Lock _gate = new();
    private int _pending;

    public ClusterRoleAggregationController(IClusterState state)
    {
        _state = state;
        _state.Changed += OnChanged;
    }

    /// <summary>Recomputes every aggregating ClusterRole now.</summary>
    public void Reconcile()
    {
        Volatile.Write(ref _pending, 1);

        // Re-entered by our own write, or another thread is reconciling: the running loop sees the pending flag.
        while (!_gate.IsHeldByCurrentThread && _gate.TryEnter())
        {
            try
            {
                while (Interlocked.Exchange(ref _pending, 0) == 1)
                {
                    ReconcileOnce();
                }
            }
            finally
            {
                _gate.Exit();
            }

            if (Volatile.Read(ref _pending) == 0)
            {
                return;
            }
        }
    }

    public void Dispose() => _state.Changed -= OnChanged;

    /// <summary>The aggregated rules for <paramref name="role"/> from <paramref name="all"/>.</summary>
    public static List<V1PolicyRule> Aggregate(V1ClusterRole role, IEnumerable<V1ClusterRole> all)
    {
        ArgumentNullException.ThrowIfNull(role);
        var selectors = role.AggregationRule?.ClusterRoleSelectors ?? [];
        var rules = new List<V1PolicyRule>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in all.Where(r => r.Metadata?.Name != role.Metadata?.Name).OrderBy(r => r.Metadata?.Name, StringComparer.Ordinal))
        {
            if (!selectors.Any(s => LabelSelectorMatcher.Matches(s, source.Metadata?.Labels)))
            {
                continue;
            }

            foreach (var rule in source.Rules ?? [])
            {
                if (seen.Add(PolicyRuleText.Compact(rule)))
                {
                    rules.Add(rule);
                }
            }
        }

        return rules;
    }

    private void OnChanged(string resource)
    {
        if (resource == ClusterRoles)
        {
            Reconcile();
        }
    }

    private void ReconcileOnce()
    {
        var all = _state.List<V1ClusterRole>();
        foreach (var role in all.Where(r => r.AggregationRule is not null))
        {
            var rules = Aggregate(role, all);
            var current = (role.Rules ?? []).Select(PolicyRuleText.Compact);
            if (current.SequenceEqual(rules.Select(PolicyRuleText.Compact), StringComparer.Ordinal))
            {
                continue;
            }

            // A copy: the state may hand out its stored instance, which must change only through Upsert.
            var updated = KubernetesJson.Deserialize<V1ClusterRole>(KubernetesJson.Serialize(role));
            updated.Rules = rules;
            _state.Upsert(updated);
        }
    }
}
