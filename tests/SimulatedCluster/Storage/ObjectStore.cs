using System.Globalization;
using System.Text.Json.Nodes;

namespace MetricsOperator.SimulatedCluster.Storage;

/// <summary>
/// The stand-in's etcd: objects as JsonObject per (group, resource, namespace, name), one global resourceVersion
/// counter, uid and creationTimestamp on create, generation bumped on spec changes only, finalizers with
/// deletionTimestamp, background garbage collection through ownerReferences, and a bounded watch history.
/// Every method returns copies; nothing handed out aliases stored nodes.
/// </summary>
internal sealed class ObjectStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<StoreKey, JsonObject> _objects = [];
    private readonly WatchHistory _history;
    private readonly TimeProvider _clock;
    private readonly ResourceRegistry _registry;
    private long _version;

    public ObjectStore(ResourceRegistry registry, TimeProvider clock, int watchWindow = 4096)
    {
        _registry = registry;
        _clock = clock;
        _history = new WatchHistory(watchWindow);
    }

    /// <summary>Raised after every committed write, outside the lock, with the resource (plural) that changed.</summary>
    public event Action<string>? Changed;

    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    public JsonObject? Get(ResourceType type, string? ns, string name)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(StoreKey.Of(type, ns, name), out var item) ? (JsonObject)item.DeepClone() : null;
        }
    }

    public (IReadOnlyList<JsonObject> Items, long ResourceVersion) List(ResourceType type, string? ns)
    {
        lock (_gate)
        {
            var items = _objects.Where(p => p.Key.IsIn(type, ns))
                .OrderBy(p => p.Key.Namespace, StringComparer.Ordinal).ThenBy(p => p.Key.Name, StringComparer.Ordinal)
                .Select(p => (JsonObject)p.Value.DeepClone()).ToList();
            return (items, _version);
        }
    }

    /// <summary>
    /// Reads the current object (null when absent), lets <paramref name="compute"/> produce the desired one under the
    /// lock, and commits it: create when absent, update otherwise. Returns the stored object (null when the update
    /// completed a deletion by removing the last finalizer).
    /// </summary>
    public JsonObject? Write(ResourceType type, string? ns, string name, Func<JsonObject?, JsonObject> compute)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        JsonObject? result;
        lock (_gate)
        {
            var key = StoreKey.Of(type, ns, name);
            _objects.TryGetValue(key, out var current);
            var desired = compute(current is null ? null : (JsonObject)current.DeepClone());
            result = current is null ? Insert(type, key, desired, changed) : Replace(type, key, current, desired, changed);
        }

        Notify(changed);
        return result;
    }

    /// <summary>Deletes the object, or marks it deleting while finalizers remain. Returns its last state.</summary>
    public JsonObject Delete(ResourceType type, string? ns, string name, bool orphanDependents = false)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        JsonObject result;
        lock (_gate)
        {
            var key = StoreKey.Of(type, ns, name);
            if (!_objects.TryGetValue(key, out var current))
            {
                throw ApiException.NotFound(type, name);
            }

            result = DeleteLocked(type, key, current, orphanDependents, changed);
        }

        Notify(changed);
        return result;
    }

    /// <summary>Starts a watch from <paramref name="fromVersion"/>, or with synthetic ADDED events for every current object when null.</summary>
    public WatchSubscription Watch(ResourceType type, string? ns, long? fromVersion)
    {
        lock (_gate)
        {
            var initial = fromVersion is null or 0
                ? _objects.Where(p => p.Key.IsIn(type, ns)).Select(p => new WatchEvent(_version, "ADDED", p.Key, p.Value.ToJsonString())).ToList()
                : [];
            return _history.Subscribe(type, ns, fromVersion is null or 0 ? _version : fromVersion.Value, initial);
        }
    }

    private JsonObject Insert(ResourceType type, StoreKey key, JsonObject desired, HashSet<string> changed)
    {
        var meta = ObjectMeta.Of(desired);
        meta["name"] = key.Name;
        if (type.Namespaced)
        {
            meta["namespace"] = key.Namespace;
        }
        else
        {
            meta.Remove("namespace");
        }

        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = ObjectMeta.Timestamp(_clock.GetUtcNow());
        meta["generation"] = 1L;
        meta.Remove("deletionTimestamp");
        Commit(type, key, desired, "ADDED", changed);
        return (JsonObject)desired.DeepClone();
    }

    private JsonObject? Replace(ResourceType type, StoreKey key, JsonObject current, JsonObject desired, HashSet<string> changed)
    {
        var meta = ObjectMeta.Of(desired);
        var old = ObjectMeta.Of(current);
        foreach (var kept in (string[])["name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds"])
        {
            meta.Remove(kept);
            if (old[kept] is { } value)
            {
                meta[kept] = value.DeepClone();
            }
        }

        var generation = old["generation"]?.GetValue<long>() ?? 1;
        meta["generation"] = ObjectMeta.SpecEquals(current, desired) ? generation : generation + 1;
        if (old["deletionTimestamp"] is not null && ObjectMeta.Finalizers(desired).Count == 0)
        {
            Commit(type, key, desired, "MODIFIED", changed);
            Remove(type, key, orphanDependents: false, changed);
            return null;
        }

        var unchanged = JsonNode.DeepEquals(WithoutVersion(current), WithoutVersion(desired));
        if (unchanged)
        {
            return (JsonObject)current.DeepClone();
        }

        Commit(type, key, desired, "MODIFIED", changed);
        return (JsonObject)desired.DeepClone();
    }

    private JsonObject DeleteLocked(ResourceType type, StoreKey key, JsonObject current, bool orphanDependents, HashSet<string> changed)
    {
        if (ObjectMeta.Finalizers(current).Count > 0)
        {
            var meta = ObjectMeta.Of(current);
            if (meta["deletionTimestamp"] is null)
            {
                var marked = (JsonObject)current.DeepClone();
                ObjectMeta.Of(marked)["deletionTimestamp"] = ObjectMeta.Timestamp(_clock.GetUtcNow());
                ObjectMeta.Of(marked)["deletionGracePeriodSeconds"] = 0;
                Commit(type, key, marked, "MODIFIED", changed);
                return (JsonObject)marked.DeepClone();
            }

            return (JsonObject)current.DeepClone();
        }

        Remove(type, key, orphanDependents, changed);
        return (JsonObject)current.DeepClone();
    }

    private void Remove(ResourceType type, StoreKey key, bool orphanDependents, HashSet<string> changed)
    {
        var removed = _objects[key];
        _objects.Remove(key);
        var last = (JsonObject)removed.DeepClone();
        ObjectMeta.Of(last)["resourceVersion"] = (++_version).ToString(CultureInfo.InvariantCulture);
        _history.Publish(new WatchEvent(_version, "DELETED", key, last.ToJsonString()));
        changed.Add(type.Plural);
        if (type.Group.Length == 0 && type.Plural == "namespaces")
        {
            foreach (var inside in _objects.Where(p => p.Key.Namespace == key.Name).Select(p => p.Key).ToList())
            {
                RemoveDependent(inside, changed);
            }
        }

        if (!orphanDependents && ObjectMeta.Uid(removed) is { } uid)
        {
            CollectDependents(uid, changed);
        }
    }

    /// <summary>Background garbage collection: dependents whose owners are all gone are deleted (finalizers honoured).</summary>
    private void CollectDependents(string ownerUid, HashSet<string> changed)
    {
        var liveUids = _objects.Values.Select(ObjectMeta.Uid).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var orphans = _objects.Where(p => p.Value["metadata"]?["deletionTimestamp"] is null)
            .Where(p => ObjectMeta.OwnerUids(p.Value).Contains(ownerUid, StringComparer.Ordinal))
            .Where(p => !ObjectMeta.OwnerUids(p.Value).Any(liveUids.Contains))
            .Select(p => p.Key).ToList();
        foreach (var key in orphans)
        {
            RemoveDependent(key, changed);
        }
    }

    private void RemoveDependent(StoreKey key, HashSet<string> changed)
    {
        if (!_objects.TryGetValue(key, out var item))
        {
            return;
        }

        var type = _registry.Types.FirstOrDefault(t => t.Group == key.Group && t.Plural == key.Plural)
            ?? throw new ApiException($"no resource type for {key.Plural}.{key.Group}");
        DeleteLocked(type, key, item, orphanDependents: false, changed);
    }

    private void Commit(ResourceType type, StoreKey key, JsonObject item, string eventType, HashSet<string> changed)
    {
        item["apiVersion"] = type.GroupVersion;
        item["kind"] = type.Kind;
        ObjectMeta.Of(item)["resourceVersion"] = (++_version).ToString(CultureInfo.InvariantCulture);
        var stored = (JsonObject)item.DeepClone();
        _objects[key] = stored;
        _history.Publish(new WatchEvent(_version, eventType, key, stored.ToJsonString()));
        changed.Add(type.Plural);
    }

    private static JsonObject WithoutVersion(JsonObject item)
    {
        var copy = (JsonObject)item.DeepClone();
        ObjectMeta.Of(copy).Remove("resourceVersion");
        copy.Remove("apiVersion");
        copy.Remove("kind");
        return copy;
    }

    private void Notify(HashSet<string> changed)
    {
        foreach (var plural in changed)
        {
            Changed?.Invoke(plural);
        }
    }
}
