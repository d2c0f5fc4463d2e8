using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.SimulatedCluster.Discovery;

/// <summary>
/// The discovery documents: /api (APIVersions), /apis (APIGroupList), /api/v1 and /apis/{g}/{v} (APIResourceList),
/// and aggregated discovery (APIGroupDiscoveryList, apidiscovery.k8s.io v2 and v2beta1). Groups of applied CRDs are
/// included, and so are the groups of APIServices that point at a Service (their resources come from
/// <see cref="IRemoteDiscovery"/>).
/// </summary>
internal sealed class DiscoveryDocuments
{
    private readonly ResourceRegistry _registry;
    private readonly Func<IEnumerable<(string Group, string Version, int GroupPriority, int VersionPriority)>> _aggregated;
    private readonly IRemoteDiscovery? _remote;

    public DiscoveryDocuments(ResourceRegistry registry, Func<IEnumerable<(string, string, int, int)>> aggregated, IRemoteDiscovery? remote)
    {
        _registry = registry;
        _aggregated = aggregated;
        _remote = remote;
    }

    public static JsonObject ApiVersions() => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = "127.0.0.1:443" }),
    };

    public JsonObject GroupList() => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray([.. Groups().Select(g => (JsonNode)Group(g.Name, g.Versions))]),
    };

    public JsonObject? Group(string name) =>
        Groups().FirstOrDefault(g => g.Name == name) is { Name: not null } found ? Group(found.Name, found.Versions) : null;

    /// <summary>The APIResourceList of a locally served group/version, or null when it is not served here.</summary>
    public JsonObject? ResourceList(string group, string version)
    {
        var types = _registry.Types.Where(t => t.Group == group && t.Version == version).ToList();
        if (types.Count == 0)
        {
            return null;
        }

        var resources = new JsonArray();
        foreach (var type in types)
        {
            resources.Add(Resource(type.Plural, type.Singular, type, type.Verbs, withExtras: true));
            if (type.HasStatus)
            {
                resources.Add(Resource(type.Plural + "/status", "", type, ["get", "patch", "update"], withExtras: false));
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = types[0].GroupVersion,
            ["resources"] = resources,
        };
    }

    public async Task<JsonObject> AggregatedAsync(bool legacyCore, string discoveryVersion, CancellationToken cancellationToken)
    {
        var groups = legacyCore ? Groups().Where(g => g.Name.Length == 0) : Groups().Where(g => g.Name.Length > 0);
        var items = new JsonArray();
        foreach (var (name, versions) in groups)
        {
            var entries = new JsonArray();
            foreach (var version in versions)
            {
                entries.Add(await AggregatedVersionAsync(name, version, cancellationToken));
            }

            items.Add(new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = name, ["creationTimestamp"] = null },
                ["versions"] = entries,
            });
        }

        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = "apidiscovery.k8s.io/" + discoveryVersion,
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    private async Task<JsonObject> AggregatedVersionAsync(string group, string version, CancellationToken cancellationToken)
    {
        var local = _registry.Types.Where(t => t.Group == group && t.Version == version).ToList();
        JsonArray resources;
        var fresh = true;
        if (local.Count > 0)
        {
            resources = new JsonArray([.. local.Select(t => (JsonNode)AggregatedResource(t))]);
        }
        else
        {
            var remote = _remote is null ? null : await _remote.ResourcesAsync(group, version, cancellationToken);
            fresh = remote is not null;
            resources = new JsonArray([.. (remote ?? []).OfType<JsonObject>().Where(r => !(r["name"]?.ToString() ?? "").Contains('/', StringComparison.Ordinal)).Select(r => (JsonNode)new JsonObject
            {
                ["resource"] = r["name"]?.DeepClone(),
                ["responseKind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = r["kind"]?.DeepClone() },
                ["scope"] = r["namespaced"]?.GetValue<bool>() == true ? "Namespaced" : "Cluster",
                ["singularResource"] = r["singularName"]?.DeepClone() ?? "",
                ["verbs"] = r["verbs"]?.DeepClone() ?? new JsonArray(),
            })]);
        }

        return new JsonObject { ["version"] = version, ["resources"] = resources, ["freshness"] = fresh ? "Current" : "Stale" };
    }

    private static JsonObject AggregatedResource(ResourceType type)
    {
        var kind = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind };
        var resource = new JsonObject
        {
            ["resource"] = type.Plural,
            ["responseKind"] = kind,
            ["scope"] = type.Namespaced ? "Namespaced" : "Cluster",
            ["singularResource"] = type.Singular,
            ["verbs"] = new JsonArray([.. type.Verbs.Select(v => (JsonNode)v)]),
        };
        if (type.ShortNames.Count > 0)
        {
            resource["shortNames"] = new JsonArray([.. type.ShortNames.Select(v => (JsonNode)v)]);
        }

        if (type.Categories.Count > 0)
        {
            resource["categories"] = new JsonArray([.. type.Categories.Select(v => (JsonNode)v)]);
        }

        if (type.HasStatus)
        {
            resource["subresources"] = new JsonArray(new JsonObject
            {
                ["subresource"] = "status",
                ["responseKind"] = kind.DeepClone(),
                ["verbs"] = new JsonArray("get", "patch", "update"),
            });
        }

        return resource;
    }

    private static JsonObject Resource(string name, string singular, ResourceType type, IReadOnlyList<string> verbs, bool withExtras)
    {
        var resource = new JsonObject
        {
            ["name"] = name,
            ["singularName"] = singular,
            ["namespaced"] = type.Namespaced,
            ["kind"] = type.Kind,
            ["verbs"] = new JsonArray([.. verbs.Select(v => (JsonNode)v)]),
        };
        if (withExtras && type.ShortNames.Count > 0)
        {
            resource["shortNames"] = new JsonArray([.. type.ShortNames.Select(v => (JsonNode)v)]);
        }

        if (withExtras && type.Categories.Count > 0)
        {
            resource["categories"] = new JsonArray([.. type.Categories.Select(v => (JsonNode)v)]);
        }

        return resource;
    }

    private static JsonObject Group(string name, IReadOnlyList<string> versions)
    {
        JsonObject Version(string v) => new() { ["groupVersion"] = name + "/" + v, ["version"] = v };
        return new JsonObject
        {
            ["name"] = name,
            ["versions"] = new JsonArray([.. versions.Select(v => (JsonNode)Version(v))]),
            ["preferredVersion"] = Version(versions[0]),
        };
    }

    /// <summary>Every group with its versions, preferred first; local groups before aggregated ones.</summary>
    private List<(string Name, IReadOnlyList<string> Versions)> Groups()
    {
        var local = _registry.Types.GroupBy(t => t.Group)
            .Select(g => (g.Key, (IReadOnlyList<string>)[.. g.Select(t => t.Version).Distinct().OrderByDescending(VersionPriority.Rank)]))
            .ToList();
        var remote = _aggregated()
            .Where(a => local.All(l => l.Key != a.Group))
            .GroupBy(a => a.Group)
            .Select(g => (g.Key, (IReadOnlyList<string>)[.. g.OrderByDescending(a => a.VersionPriority).ThenByDescending(a => VersionPriority.Rank(a.Version)).Select(a => a.Version)]));
        return [.. local, .. remote];
    }
}
