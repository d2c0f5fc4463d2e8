using System.Reflection;
using k8s.Models;

namespace MetricsOperator.Kubernetes.ListWatch;

/// <summary>
/// Where a kind lives in the API: group, version, plural and scope, read from its <see cref="KubernetesEntityAttribute"/>.
/// Builds the REST paths (<c>api/v1/namespaces/ns/secrets/name</c>, <c>apis/g/v/plural/name</c>).
/// </summary>
internal sealed record ResourceType(string Group, string Version, string Plural, string Kind, bool ClusterScoped)
{
    // KubernetesClient's generator takes the plural from a list path, and these kinds can only be created: their
    // attribute carries an empty plural, yet POST goes to a collection all the same.
    private static readonly Dictionary<(string Group, string Kind), string> CreateOnlyPlurals = new()
    {
        [("authentication.k8s.io", "TokenReview")] = "tokenreviews",
        [("authorization.k8s.io", "SubjectAccessReview")] = "subjectaccessreviews",
        [("authorization.k8s.io", "SelfSubjectAccessReview")] = "selfsubjectaccessreviews",
    };

    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    /// <summary><c>plural.group</c> (or just the plural for the core group), as the API names resources in errors.</summary>
    public string QualifiedName => Group.Length == 0 ? Plural : Plural + "." + Group;

    /// <summary>The type's resource, with the scope decided by <paramref name="scopes"/> (built-in kinds by default).</summary>
    public static ResourceType Of<T>(ResourceScopes? scopes = null) => Of(typeof(T), scopes);

    public static ResourceType Of(Type type, ResourceScopes? scopes = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        var entity = type.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{type.Name} has no [KubernetesEntity] attribute, so its API path is unknown", nameof(type));
        var group = entity.Group ?? string.Empty;
        var plural = string.IsNullOrEmpty(entity.PluralName) && entity.Kind is not null
            ? CreateOnlyPlurals.GetValueOrDefault((group, entity.Kind))
            : entity.PluralName;
        if (string.IsNullOrEmpty(entity.ApiVersion) || string.IsNullOrEmpty(entity.Kind) || string.IsNullOrEmpty(plural))
        {
            throw new ArgumentException($"the [KubernetesEntity] attribute of {type.Name} lacks its apiVersion, kind or plural name", nameof(type));
        }

        return new ResourceType(group, entity.ApiVersion, plural, entity.Kind, (scopes ?? ResourceScopes.BuiltIn).IsClusterScoped(type, group, entity.Kind));
    }

    /// <summary>
    /// The collection path; <paramref name="ns"/> null means all namespaces (or the cluster-scoped collection).
    /// </summary>
    public string CollectionPath(string? ns)
    {
        var root = Group.Length == 0 ? "api/" + Version : $"apis/{Group}/{Version}";
        if (ns is null)
        {
            return $"{root}/{Plural}";
        }

        if (ClusterScoped)
        {
            throw new ArgumentException($"{QualifiedName} is cluster-scoped; no namespace may be given (was '{ns}')", nameof(ns));
        }

        return $"{root}/namespaces/{Escape(ns, nameof(ns))}/{Plural}";
    }

    /// <summary>The path of one object; a namespaced kind needs <paramref name="ns"/>.</summary>
    public string ObjectPath(string? ns, string name)
    {
        if (!ClusterScoped && string.IsNullOrEmpty(ns))
        {
            throw new ArgumentException($"{QualifiedName} is namespaced; a namespace is needed to address '{name}'", nameof(ns));
        }

        return CollectionPath(ns) + "/" + Escape(name, nameof(name));
    }

    private static string Escape(string segment, string parameter) =>
        string.IsNullOrEmpty(segment) || segment is "." or ".." || segment.Contains('/', StringComparison.Ordinal)
            ? throw new ArgumentException($"'{segment}' is not a valid object name or namespace", parameter)
            : Uri.EscapeDataString(segment);
}
