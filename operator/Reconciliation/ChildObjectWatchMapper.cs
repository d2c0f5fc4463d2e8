using k8s;
using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Kubernetes.Ownership;

namespace MetricsOperator.Reconciliation;

/// <summary>
/// Says which MetricsBackends to reconcile when something they depend on changes, so an edited or deleted child
/// is put back within seconds: a child's owning backend; for the metrics APIService (watched whatever its labels,
/// since another backend may register it) and for managed children that lost their ownerReference, the active
/// backend; for a change to any MetricsBackend, all of them, as it may change which one is active.
/// </summary>
internal sealed class ChildObjectWatchMapper
{
    private readonly Func<IReadOnlyList<MetricsBackend>> _backends;

    /// <param name="backends">The MetricsBackends as currently known (an informer cache's list).</param>
    public ChildObjectWatchMapper(Func<IReadOnlyList<MetricsBackend>> backends) =>
        _backends = backends ?? throw new ArgumentNullException(nameof(backends));

    /// <summary>Keys to enqueue for a change (add, update or delete) of <paramref name="child"/>.</summary>
    public IReadOnlyList<string> KeysForChild(IKubernetesObject<V1ObjectMeta> child)
    {
        ArgumentNullException.ThrowIfNull(child);
        var metadata = child.Metadata;
        if (metadata is null)
        {
            return [];
        }

        var owners = metadata.OwnerReferences?
            .Where(r => r.Kind == MetricsBackend.KubeKind && r.ApiVersion?.StartsWith(MetricsBackend.KubeGroup + "/", StringComparison.Ordinal) == true)
            .Select(r => r.Name)
            .Where(name => !string.IsNullOrEmpty(name))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (owners is { Count: > 0 })
        {
            return owners;
        }

        var isMetricsApiService = child is V1APIService && metadata.Name == ChildNames.ApiService;
        var isManaged = metadata.Labels?.TryGetValue(ManagedBy.Label, out var value) == true && value == ManagedBy.Value;
        return isMetricsApiService || isManaged ? ActiveKey() : [];
    }

    /// <summary>Keys to enqueue for a change of the MetricsBackend <paramref name="name"/>: every backend.</summary>
    public IReadOnlyList<string> KeysForBackend(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var keys = new SortedSet<string>(StringComparer.Ordinal) { name };
        foreach (var backend in _backends())
        {
            if (backend.Metadata?.Name is { Length: > 0 } other)
            {
                keys.Add(other);
            }
        }

        return [.. keys];
    }

    /// <summary>
    /// Keys to enqueue for an update of a MetricsBackend: none when only its status (or bookkeeping such as
    /// resourceVersion) moved, which is the reconciler's own write; every backend otherwise.
    /// </summary>
    public IReadOnlyList<string> KeysForBackendUpdate(MetricsBackend previous, MetricsBackend current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var before = previous.Metadata;
        var after = current.Metadata;
        var unchanged = before.Generation == after.Generation
            && before.DeletionTimestamp == after.DeletionTimestamp
            && SameItems(before.Finalizers, after.Finalizers)
            && SameItems(before.Annotations?.Select(a => a.Key + "=" + a.Value), after.Annotations?.Select(a => a.Key + "=" + a.Value));
        return unchanged ? [] : KeysForBackend(after.Name);
    }

    private static bool SameItems(IEnumerable<string>? a, IEnumerable<string>? b) =>
        (a ?? []).Order(StringComparer.Ordinal).SequenceEqual((b ?? []).Order(StringComparer.Ordinal), StringComparer.Ordinal);

    private string[] ActiveKey() =>
        ActiveBackendSelector.Select(_backends()) is { Metadata.Name: { Length: > 0 } name } ? [name] : [];
}
