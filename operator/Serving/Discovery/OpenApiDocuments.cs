using System.Text.Json.Nodes;

namespace MetricsOperator.Serving.Discovery;

/// <summary>
/// The OpenAPI documents, built once: Swagger 2.0 at <c>/openapi/v2</c> (which the aggregator merges into the
/// cluster's), the OpenAPI 3 index at <c>/openapi/v3</c> and the group version's OpenAPI 3.0 document it points to.
/// Both documents also exist as gnostic protobuf, encoded from the same JSON trees, so the two forms cannot drift.
/// </summary>
internal sealed class OpenApiDocuments
{
    /// <summary>The index key of our group version, and the path of its document below <c>/openapi/v3/</c>.</summary>
    public const string GroupVersionKey = "apis/" + MetricsApiGroup.GroupVersion;

    public const string V3GroupVersionPath = "/openapi/v3/" + GroupVersionKey;

    /// <summary>The response type of either protobuf spelling, as kube-openapi answers (the <c>@</c> one is its deprecated alias).</summary>
    public const string V2ProtobufContentType = "application/" + V2ProtobufSubType;

    public const string V3ProtobufContentType = "application/" + V3ProtobufSubType;

    private const string V2ProtobufSubType = "com.github.proto-openapi.spec.v2.v1.0+protobuf";
    private const string V3ProtobufSubType = "com.github.proto-openapi.spec.v3.v1.0+protobuf";

    private const string Title = "metrics-operator";

    private static readonly string[] ServedMediaTypes = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"];

    private OpenApiDocuments(ServerVersionInfo version)
    {
        var info = new JsonObject { ["title"] = Title, ["version"] = version.ReleaseVersion };
        var v2 = BuildV2((JsonObject)info.DeepClone());
        var v3 = BuildV3((JsonObject)info.DeepClone());
        V2 = Json(v2);
        V2Protobuf = new PrecomputedResponse(V2ProtobufContentType, GnosticProtobufEncoder.Encode(v2, GnosticV2Shapes.Document));
        V3GroupVersion = Json(v3);
        V3GroupVersionProtobuf = new PrecomputedResponse(V3ProtobufContentType, GnosticProtobufEncoder.Encode(v3, GnosticV3Shapes.Document));
        V3Index = Json(new JsonObject
        {
            ["paths"] = new JsonObject
            {
                [GroupVersionKey] = new JsonObject { ["serverRelativeURL"] = V3GroupVersionPath + "?hash=" + V3GroupVersion.Hash },
            },
        });
    }

    /// <summary>Both spellings of the OpenAPI v2 protobuf subtype a client may ask for; kubectl sends the <c>@</c> one.</summary>
    public static IReadOnlyList<string> V2ProtobufSubTypes { get; } = ["com.github.proto-openapi.spec.v2@v1.0+protobuf", V2ProtobufSubType];

    public static IReadOnlyList<string> V3ProtobufSubTypes { get; } = ["com.github.proto-openapi.spec.v3@v1.0+protobuf", V3ProtobufSubType];

    /// <summary>Swagger 2.0 as JSON.</summary>
    public PrecomputedResponse V2 { get; }

    /// <summary>The same Swagger 2.0 document as gnostic's <c>openapi.v2.Document</c> message.</summary>
    public PrecomputedResponse V2Protobuf { get; }

    public PrecomputedResponse V3Index { get; }

    /// <summary>The group version's OpenAPI 3.0 document as JSON; its hash names the document's version in the index.</summary>
    public PrecomputedResponse V3GroupVersion { get; }

    /// <summary>The same OpenAPI 3.0 document as gnostic's <c>openapi.v3.Document</c> message.</summary>
    public PrecomputedResponse V3GroupVersionProtobuf { get; }

    public static OpenApiDocuments Create(ServerVersionInfo version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new OpenApiDocuments(version);
    }

    private static JsonObject BuildV2(JsonObject info)
    {
        var paths = new JsonObject();
        foreach (var operation in MetricsApiOperation.All)
        {
            var get = Operation(operation, new JsonObject
            {
                ["200"] = new JsonObject { ["description"] = "OK", ["schema"] = Reference("#/definitions/", operation.ResponseDefinition) },
                ["401"] = new JsonObject { ["description"] = "Unauthorized" },
            });
            get["consumes"] = new JsonArray("*/*");
            get["produces"] = new JsonArray([.. ServedMediaTypes.Select(type => JsonValue.Create(type))]);
            get["schemes"] = new JsonArray("https");
            paths[operation.Path] = new JsonObject
            {
                ["get"] = get,
                ["parameters"] = Parameters(operation, parameter => parameter["type"] = "string"),
            };
        }

        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = info,
            ["paths"] = paths,
            ["definitions"] = OpenApiSchemas.Create("#/definitions/"),
            ["securityDefinitions"] = new JsonObject { ["BearerToken"] = BearerTokenScheme() },
            ["security"] = new JsonArray(new JsonObject { ["BearerToken"] = new JsonArray() }),
        };
    }

    private static JsonObject BuildV3(JsonObject info)
    {
        var paths = new JsonObject();
        foreach (var operation in MetricsApiOperation.All)
        {
            var content = new JsonObject();
            foreach (var mediaType in ServedMediaTypes)
            {
                content[mediaType] = new JsonObject { ["schema"] = Reference("#/components/schemas/", operation.ResponseDefinition) };
            }

            paths[operation.Path] = new JsonObject
            {
                ["get"] = Operation(operation, new JsonObject
                {
                    ["200"] = new JsonObject { ["description"] = "OK", ["content"] = content },
                    ["401"] = new JsonObject { ["description"] = "Unauthorized" },
                }),
                ["parameters"] = Parameters(operation, parameter => parameter["schema"] = new JsonObject { ["type"] = "string" }),
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = info,
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = OpenApiSchemas.Create("#/components/schemas/"),
                ["securitySchemes"] = new JsonObject { ["BearerToken"] = BearerTokenScheme() },
            },
            ["security"] = new JsonArray(new JsonObject { ["BearerToken"] = new JsonArray() }),
        };
    }

    private static JsonObject Operation(MetricsApiOperation operation, JsonObject responses) => new()
    {
        ["description"] = operation.Description,
        ["tags"] = new JsonArray("metrics_" + MetricsApiGroup.Version),
        ["operationId"] = operation.OperationId,
        ["responses"] = responses,
        ["x-kubernetes-action"] = operation.Action,
        ["x-kubernetes-group-version-kind"] = new JsonObject
        {
            ["group"] = MetricsApiGroup.Name,
            ["kind"] = operation.Resource.Kind,
            ["version"] = MetricsApiGroup.Version,
        },
    };

    /// <summary>Path parameters, then the selectors a list honours; <paramref name="setType"/> adds the version's type syntax.</summary>
    private static JsonArray Parameters(MetricsApiOperation operation, Action<JsonObject> setType)
    {
        var parameters = new JsonArray();
        foreach (var (name, description) in operation.PathParameters)
        {
            var parameter = new JsonObject { ["name"] = name, ["in"] = "path", ["description"] = description, ["required"] = true };
            setType(parameter);
            parameters.Add(parameter);
        }

        if (operation.Action == "list")
        {
            foreach (var (name, description) in MetricsApiOperation.ListQueryParameters)
            {
                var parameter = new JsonObject { ["name"] = name, ["in"] = "query", ["description"] = description };
                setType(parameter);
                parameters.Add(parameter);
            }
        }

        return parameters;
    }

    private static JsonObject Reference(string prefix, string definition) => new() { ["$ref"] = prefix + definition };

    private static JsonObject BearerTokenScheme() => new()
    {
        ["type"] = "apiKey",
        ["name"] = "authorization",
        ["in"] = "header",
        ["description"] = "Bearer token authentication",
    };

    private static PrecomputedResponse Json(JsonObject document) =>
        new(DiscoveryDocuments.JsonContentType, System.Text.Encoding.UTF8.GetBytes(document.ToJsonString()));
}
