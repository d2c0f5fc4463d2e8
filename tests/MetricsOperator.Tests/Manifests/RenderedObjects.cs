using k8s;
using k8s.Models;

namespace MetricsOperator.Tests.Manifests;

/// <summary>Finding rendered objects by kind and name.</summary>
internal static class RenderedObjects
{
    public static T Single<T>(this IEnumerable<object> objects, string name)
        where T : IKubernetesObject<V1ObjectMeta> =>
        objects.OfType<T>().SingleOrDefault(o => o.Metadata.Name == name)
        ?? throw new InvalidOperationException($"no {typeof(T).Name} {name} among the rendered objects");

    public static IEnumerable<V1PolicyRule> Rules(this IEnumerable<object> objects) =>
        objects.OfType<V1ClusterRole>().SelectMany(r => r.Rules ?? [])
            .Concat(objects.OfType<V1Role>().SelectMany(r => r.Rules ?? []));

    /// <summary>Whether a rule list grants a verb the way RBAC evaluates it (no wildcards: the manifests use none).</summary>
    public static bool Allows(this IEnumerable<V1PolicyRule> rules, string apiGroup, string resource, string verb, string? name = null) =>
        rules.Any(r => (r.ApiGroups ?? []).Contains(apiGroup)
            && (r.Resources ?? []).Contains(resource)
            && (r.Verbs ?? []).Contains(verb)
            && (r.ResourceNames is not { Count: > 0 } || (name is not null && r.ResourceNames.Contains(name))));

    /// <summary>The value at a path of keys in the YAML loader's nested dictionaries and lists (an int indexes a list).</summary>
    public static object? At(this object? node, params object[] path)
    {
        foreach (var step in path)
        {
            node = (node, step) switch
            {
                (IDictionary<object, object> map, string key) => map.TryGetValue(key, out var value) ? value : null,
                (IList<object> list, int index) => index < list.Count ? list[index] : null,
                _ => null,
            };
        }

        return node;
    }
}
