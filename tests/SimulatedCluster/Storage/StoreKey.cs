namespace MetricsOperator.SimulatedCluster.Storage;

/// <summary>Where one object lives: group and resource (all versions share storage), namespace ("" when cluster-scoped), name.</summary>
internal readonly record struct StoreKey(string Group, string Plural, string Namespace, string Name)
{
    public static StoreKey Of(ResourceType type, string? ns, string name) =>
        new(type.Group, type.Plural, type.Namespaced ? ns ?? "" : "", name);

    public bool IsIn(ResourceType type, string? ns) =>
        Group == type.Group && Plural == type.Plural && (ns is null || Namespace == ns);
}

/// <summary>One committed change, as watches replay it. The object is kept as JSON text so readers never share nodes.</summary>
internal sealed record WatchEvent(long ResourceVersion, string Type, StoreKey Key, string Json);
