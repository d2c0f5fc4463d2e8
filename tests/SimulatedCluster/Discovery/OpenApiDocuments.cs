using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.SimulatedCluster.Discovery;

/// <summary>
/// The OpenAPI documents kubectl fetches before apply. v2 is a minimal valid protobuf document without definitions
/// (kubectl then skips client-side schema checks). v3 lists every served group/version, and each document declares
/// the PATCH operation of every kind with the <c>fieldValidation</c> query parameter, so kubectl validates on the
/// server (<c>fieldValidation=Strict</c>) instead of client-side, and without strategic-merge-patch content, so
/// client-side apply computes its patches from its compiled-in types (built-in kinds) or as merge patches (CRs).
/// </summary>
internal sealed class OpenApiDocuments
{
    private readonly ResourceRegistry _registry;
    private readonly string _serverVersion;

    public OpenApiDocuments(ResourceRegistry registry, string serverVersion)
    {
        _registry = registry;
        _serverVersion = serverVersion;
    }

    /// <summary>openapi_v2.Document { swagger = "2.0" (1), info (2) { title (1), version (2) } } in protobuf encoding.</summary>
    public byte[] V2Protobuf()
    {
        var info = Concat(Field(1, Encoding.UTF8.GetBytes("Kubernetes")), Field(2, Encoding.UTF8.GetBytes(_serverVersion)));
        return Concat(Field(1, Encoding.UTF8.GetBytes("2.0")), Field(2, info));
    }

    public JsonObject V3Root()
    {
        var paths = new JsonObject();
        foreach (var gv in _registry.Types.Select(t => (t.Group, t.Version)).Distinct())
        {
            var key = Prefix(gv.Group, gv.Version);
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(V3Group(gv.Group, gv.Version)!.ToJsonString())));
            paths[key] = new JsonObject { ["serverRelativeURL"] = "/openapi/v3/" + key + "?hash=" + hash };
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The v3 document of one group/version ("api/v1", "apis/g/v"), or null when not served.</summary>
    public JsonObject? V3Group(string group, string version)
    {
        var types = _registry.Types.Where(t => t.Group == group && t.Version == version && !t.IsVirtual).ToList();
        if (!_registry.Types.Any(t => t.Group == group && t.Version == version))
        {
            return null;
        }

        var paths = new JsonObject();
        foreach (var type in types)
        {
            var collection = "/" + Prefix(group, version) + (type.Namespaced ? "/namespaces/{namespace}/" : "/") + type.Plural;
            paths[collection + "/{name}"] = new JsonObject { ["patch"] = PatchOperation(type) };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = _serverVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    public static string Prefix(string group, string version) => group.Length == 0 ? "api/" + version : "apis/" + group + "/" + version;

    private static JsonObject PatchOperation(ResourceType type)
    {
        JsonObject Body() => new() { ["schema"] = new JsonObject { ["type"] = "object" } };
        return new JsonObject
        {
            ["operationId"] = "patch" + type.Kind,
            ["parameters"] = new JsonArray(
                Query("dryRun"),
                Query("fieldManager"),
                Query("fieldValidation"),
                new JsonObject { ["name"] = "force", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "boolean" } }),
            ["requestBody"] = new JsonObject
            {
                ["content"] = new JsonObject
                {
                    ["application/json-patch+json"] = Body(),
                    ["application/merge-patch+json"] = Body(),
                    ["application/apply-patch+yaml"] = Body(),
                },
                ["required"] = true,
            },
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
            ["x-kubernetes-action"] = "patch",
            ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind },
        };
    }

    private static JsonObject Query(string name) =>
        new() { ["name"] = name, ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true } };

    private static byte[] Field(int number, byte[] payload)
    {
        var bytes = new List<byte> { (byte)((number << 3) | 2) };
        var length = (uint)payload.Length;
        while (length >= 0x80)
        {
            bytes.Add((byte)(length | 0x80));
            length >>= 7;
        }

        bytes.Add((byte)length);
        bytes.AddRange(payload);
        return [.. bytes];
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
