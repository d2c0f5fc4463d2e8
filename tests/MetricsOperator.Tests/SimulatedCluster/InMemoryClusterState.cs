using System.Reflection;
using k8s;
using k8s.Models;
using MetricsOperator.SimulatedCluster.ControlPlane;

namespace MetricsOperator.Tests.SimulatedCluster;

/// <summary>A dictionary-backed <see cref="IClusterState"/> for the security and aggregation tests.</summary>
internal sealed class InMemoryClusterState : IClusterState
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(Type Type, string Namespace, string Name), object> _items = [];
    private long _revision;

    public event Action<string>? Changed;

    public long Revision => Interlocked.Read(ref _revision);

    public T? Get<T>(string? ns, string name)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        lock (_gate)
        {
            return _items.TryGetValue((typeof(T), ns ?? string.Empty, name), out var item) ? (T)item : null;
        }
    }

    public IReadOnlyList<T> List<T>(string? ns = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        lock (_gate)
        {
            return [.. _items.Where(p => p.Key.Type == typeof(T) && (ns is null || p.Key.Namespace == ns)).OrderBy(p => p.Key.Namespace + "/" + p.Key.Name, StringComparer.Ordinal).Select(p => (T)p.Value)];
        }
    }

    public T Upsert<T>(T item)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_gate)
        {
            _items[(typeof(T), item.Metadata.NamespaceProperty ?? string.Empty, item.Metadata.Name)] = item;
            Interlocked.Increment(ref _revision);
        }

        Changed?.Invoke(typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()?.PluralName ?? typeof(T).Name);
        return item;
    }

    public bool Remove<T>(string? ns, string name)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        bool removed;
        lock (_gate)
        {
            removed = _items.Remove((typeof(T), ns ?? string.Empty, name));
            Interlocked.Increment(ref _revision);
        }

        Changed?.Invoke(typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()?.PluralName ?? typeof(T).Name);
        return removed;
    }
}
