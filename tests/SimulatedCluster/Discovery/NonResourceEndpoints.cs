using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.Rest;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.SimulatedCluster.Discovery;

/// <summary>Serves the paths that are not resources: /version, discovery, OpenAPI and health.</summary>
internal sealed class NonResourceEndpoints
{
    public const string GitVersion = "v1.31.4";
    private const string AggregatedMedia = "application/json;g=apidiscovery.k8s.io;v={0};as=APIGroupDiscoveryList";

    private readonly DiscoveryDocuments _discovery;
    private readonly OpenApiDocuments _openApi;
    private readonly IRemoteOpenApi? _remoteOpenApi;

    public NonResourceEndpoints(DiscoveryDocuments discovery, OpenApiDocuments openApi, IRemoteOpenApi? remoteOpenApi)
    {
        _discovery = discovery;
        _openApi = openApi;
        _remoteOpenApi = remoteOpenApi;
    }

    public async Task ServeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value?.TrimEnd('/') ?? "";
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
        }

        switch (parts)
        {
            case ["version"]:
                await ApiResponses.WriteJsonAsync(context, 200, Version());
                return;
            case ["healthz" or "livez" or "readyz", ..]:
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("ok", context.RequestAborted);
                return;
            case ["api"]:
                await ServeRootAsync(context, legacyCore: true);
                return;
            case ["apis"]:
                await ServeRootAsync(context, legacyCore: false);
                return;
            case ["api", var version]:
                await ApiResponses.WriteJsonAsync(context, 200, _discovery.ResourceList("", version) ?? throw NotFound());
                return;
            case ["apis", var group]:
                await ApiResponses.WriteJsonAsync(context, 200, WithKind(_discovery.Group(group) ?? throw NotFound(), "APIGroup"));
                return;
            case ["apis", var group, var version]:
                await ApiResponses.WriteJsonAsync(context, 200, _discovery.ResourceList(group, version) ?? throw NotFound());
                return;
            case ["openapi", "v2"]:
                await ServeOpenApiV2Async(context);
                return;
            case ["openapi", "v3"]:
                await ApiResponses.WriteJsonAsync(context, 200, await OpenApiV3IndexAsync(context.RequestAborted));
                return;
            case ["openapi", "v3", "api", var version]:
                await ApiResponses.WriteJsonAsync(context, 200, _openApi.V3Group("", version) ?? throw NotFound());
                return;
            case ["openapi", "v3", "apis", var group, var version]:
                await ServeOpenApiV3GroupAsync(context, group, version);
                return;
            default:
                throw NotFound();
        }
    }

    public static ApiException NotFound() => new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    private static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "31",
        ["gitVersion"] = GitVersion,
        ["gitCommit"] = "",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2024-12-10T00:00:00Z",
        ["goVersion"] = "go1.22.10",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    private static JsonObject WithKind(JsonObject group, string kind)
    {
        var result = new JsonObject { ["kind"] = kind, ["apiVersion"] = "v1" };
        foreach (var (key, value) in group)
        {
            result[key] = value?.DeepClone();
        }

        return result;
    }

    private async Task ServeRootAsync(HttpContext context, bool legacyCore)
    {
        var version = AggregatedVersion(context.Request.Headers.Accept.ToString());
        if (version is not null)
        {
            await ApiResponses.WriteJsonAsync(context, 200, await _discovery.AggregatedAsync(legacyCore, version, context.RequestAborted), string.Format(System.Globalization.CultureInfo.InvariantCulture, AggregatedMedia, version));
            return;
        }

        await ApiResponses.WriteJsonAsync(context, 200, legacyCore ? DiscoveryDocuments.ApiVersions() : _discovery.GroupList());
    }

    /// <summary>The first aggregated-discovery version the Accept header names, in its order.</summary>
    private static string? AggregatedVersion(string accept)
    {
        foreach (var clause in accept.Split(','))
        {
            var parameters = clause.Split(';').Select(p => p.Trim()).ToArray();
            if (parameters.Contains("g=apidiscovery.k8s.io") && parameters.Contains("as=APIGroupDiscoveryList"))
            {
                if (parameters.Contains("v=v2"))
                {
                    return "v2";
                }

                if (parameters.Contains("v=v2beta1"))
                {
                    return "v2beta1";
                }
            }
        }

        return null;
    }

    /// <summary>The local group/versions' entries, then those of available aggregated ones (a local one wins a clash).</summary>
    private async Task<JsonObject> OpenApiV3IndexAsync(CancellationToken cancellationToken)
    {
        var root = _openApi.V3Root();
        if (_remoteOpenApi is null)
        {
            return root;
        }

        var paths = (JsonObject)root["paths"]!;
        foreach (var (key, entry) in await _remoteOpenApi.IndexPathsAsync(cancellationToken))
        {
            if (!paths.ContainsKey(key))
            {
                paths[key] = entry?.DeepClone();
            }
        }

        return root;
    }

    private async Task ServeOpenApiV3GroupAsync(HttpContext context, string group, string version)
    {
        if (_openApi.V3Group(group, version) is { } local)
        {
            await ApiResponses.WriteJsonAsync(context, 200, local);
            return;
        }

        var headers = context.Request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? ""))).ToList();
        var remote = _remoteOpenApi is null ? null : await _remoteOpenApi.DocumentAsync(group, version, context.Request.QueryString.Value ?? "", headers, context.RequestAborted);
        if (remote is null)
        {
            throw NotFound();
        }

        context.Response.StatusCode = remote.StatusCode;
        foreach (var (name, value) in remote.Headers)
        {
            context.Response.Headers.Append(name, value);
        }

        if (remote.StatusCode != StatusCodes.Status304NotModified)
        {
            context.Response.ContentLength = remote.Body.Length;
            await context.Response.Body.WriteAsync(remote.Body, context.RequestAborted);
        }
    }

    private async Task ServeOpenApiV2Async(HttpContext context)
    {
        var accept = context.Request.Headers.Accept.ToString();
        if (accept.Contains("protobuf", StringComparison.Ordinal))
        {
            var bytes = _openApi.V2Protobuf();
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
            return;
        }

        await ApiResponses.WriteJsonAsync(context, 200, new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = GitVersion },
            ["paths"] = new JsonObject(),
            ["definitions"] = new JsonObject(),
        });
    }
}
