using System.Reflection;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.SimulatedCluster.ControlPlane;

/// <summary><see cref="IClusterState"/> over the object store: typed reads and control-plane writes (no admission, status kept).</summary>
internal sealed class ClusterState : IClusterState
{
    private readonly ObjectStore _store;
    private readonly ResourceRegistry _registry;

    public ClusterState(ObjectStore store, ResourceRegistry registry)
    {
        _store = store;
        _registry = registry;
        _store.Changed += plural => Changed?.Invoke(plural);
    }

    public event Action<string>? Changed;

    public long Revision => _store.ResourceVersion;

    public T? Get<T>(string? ns, string name)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var item = _store.Get(TypeOf<T>(), ns, name);
        return item is null ? null : KubernetesJson.Deserialize<T>(item.ToJsonString());
    }

    public IReadOnlyList<T> List<T>(string? ns = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var (items, _) = _store.List(TypeOf<T>(), ns);
        return [.. items.Select(i => KubernetesJson.Deserialize<T>(i.ToJsonString()))];
    }

    public T Upsert<T>(T item)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(item);
        var type = TypeOf<T>();
        var desired = JsonNode.Parse(KubernetesJson.Serialize(item)) as JsonObject
            ?? throw new ArgumentException("the object did not serialise to a JSON object", nameof(item));
        var name = item.Metadata?.Name ?? throw new ArgumentException("metadata.name is required", nameof(item));
        var stored = _store.Write(type, item.Metadata.NamespaceProperty, name, current =>
        {
            if (current is not null)
            {
                ObjectMeta.Of(desired)["managedFields"] = current["metadata"]?["managedFields"]?.DeepClone();
            }

            return desired;
        });
        return KubernetesJson.Deserialize<T>((stored ?? desired).ToJsonString());
    }

    private ResourceType TypeOf<T>()
    {
        var entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no KubernetesEntity attribute");
        return _registry.Find(entity.Group ?? "", entity.ApiVersion, entity.PluralName)
            ?? throw new InvalidOperationException($"the stand-in does not serve {entity.PluralName}.{entity.Group}/{entity.ApiVersion}");
    }
}
