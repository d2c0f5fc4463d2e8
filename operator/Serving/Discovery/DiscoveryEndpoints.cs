using MetricsOperator.Serving.Responses;
using Microsoft.Net.Http.Headers;

namespace MetricsOperator.Serving.Discovery;

/// <summary>
/// Discovery (<c>/apis</c>, <c>/apis/metrics.k8s.io</c>, <c>/apis/metrics.k8s.io/v1beta1</c>), <c>/version</c> and
/// the OpenAPI documents. Every body is serialised when the routes are mapped; a request only negotiates and copies.
/// </summary>
internal static class DiscoveryEndpoints
{
    private static readonly KubernetesStatus JsonOnlyRefusal = KubernetesStatus.NotAcceptable([DiscoveryDocuments.JsonContentType]);

    private static readonly KubernetesStatus OpenApiV2Refusal = KubernetesStatus.NotAcceptable(
        [DiscoveryDocuments.JsonContentType, .. OpenApiDocuments.V2ProtobufSubTypes.Select(subType => "application/" + subType)]);

    private static readonly KubernetesStatus OpenApiV3Refusal = KubernetesStatus.NotAcceptable(
        [DiscoveryDocuments.JsonContentType, .. OpenApiDocuments.V3ProtobufSubTypes.Select(subType => "application/" + subType)]);

    private static readonly KubernetesStatus ApisRefusal = KubernetesStatus.NotAcceptable(
        [DiscoveryDocuments.JsonContentType, DiscoveryDocuments.AggregatedV2ContentType, DiscoveryDocuments.AggregatedV2Beta1ContentType]);

    /// <summary>
    /// Maps the discovery, version and OpenAPI routes (GET only; a trailing slash matches too). <paramref name="version"/>
    /// defaults to this assembly's. Returns the group of routes, for conventions such as authorization metadata.
    /// </summary>
    public static IEndpointConventionBuilder MapDiscovery(this IEndpointRouteBuilder endpoints, ServerVersionInfo? version = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        version ??= ServerVersionInfo.FromAssembly(typeof(DiscoveryEndpoints).Assembly);
        var discovery = DiscoveryDocuments.Create(version);
        var openApi = OpenApiDocuments.Create(version);

        var routes = endpoints.MapGroup(string.Empty);
        routes.MapGet("/apis", context => WriteApis(context, discovery));
        routes.MapGet("/apis/" + MetricsApiGroup.Name, context => WriteJson(context, discovery.Group));
        routes.MapGet(MetricsApiGroup.Path, context => WriteJson(context, discovery.ResourceList));
        routes.MapGet("/version", context => WriteJson(context, discovery.Version));
        routes.MapGet("/openapi/v2", context => WriteOpenApiV2(context, openApi));
        routes.MapGet("/openapi/v3", context => WriteOpenApiV3Index(context, openApi));
        routes.MapGet(OpenApiDocuments.V3GroupVersionPath, context => WriteOpenApiV3GroupVersion(context, openApi));
        return routes;
    }

    private static Task WriteApis(HttpContext context, DiscoveryDocuments discovery)
    {
        context.Response.Headers.Vary = HeaderNames.Accept;
        return DiscoveryNegotiation.ForApis(context.Request.Headers.Accept) switch
        {
            ApisRepresentation.GroupList => discovery.GroupList.WriteAsync(context),
            ApisRepresentation.AggregatedV2 => discovery.AggregatedV2.WriteAsync(context),
            ApisRepresentation.AggregatedV2Beta1 => discovery.AggregatedV2Beta1.WriteAsync(context),
            _ => ApisRefusal.WriteAsync(context.Response),
        };
    }

    private static Task WriteJson(HttpContext context, PrecomputedResponse document, string? cacheControl = null) =>
        DiscoveryNegotiation.AcceptsJson(context.Request.Headers.Accept)
            ? document.WriteAsync(context, cacheControl)
            : JsonOnlyRefusal.WriteAsync(context.Response);

    /// <summary>
    /// JSON or protobuf as kube-openapi negotiates it. Each form carries its own ETag (kube-openapi tags both with the
    /// JSON's hash), so a validator a client holds for one body never answers 304 for the other.
    /// </summary>
    private static Task WriteOpenApiV2(HttpContext context, OpenApiDocuments openApi)
    {
        context.Response.Headers.Vary = HeaderNames.Accept;
        return DiscoveryNegotiation.ForOpenApi(context.Request.Headers.Accept, OpenApiDocuments.V2ProtobufSubTypes) switch
        {
            OpenApiRepresentation.Json => openApi.V2.WriteAsync(context),
            OpenApiRepresentation.Protobuf => openApi.V2Protobuf.WriteAsync(context),
            _ => OpenApiV2Refusal.WriteAsync(context.Response),
        };
    }

    /// <summary>
    /// The index is JSON whatever the Accept header says, as kube-openapi serves it: it has no other form, and a
    /// client reads it as JSON whichever Accept header its HTTP client sends by default.
    /// </summary>
    private static Task WriteOpenApiV3Index(HttpContext context, OpenApiDocuments openApi) =>
        openApi.V3Index.WriteAsync(context, "no-cache, private");

    /// <summary>
    /// As kube-openapi does: the URL with the current hash may be cached for good, an outdated hash is redirected to
    /// the current one, and no hash means revalidate every time. The hash names the document's version (its JSON
    /// form's hash), so the same URL serves the protobuf form too.
    /// </summary>
    private static Task WriteOpenApiV3GroupVersion(HttpContext context, OpenApiDocuments openApi)
    {
        context.Response.Headers.Vary = HeaderNames.Accept;
        var document = DiscoveryNegotiation.ForOpenApi(context.Request.Headers.Accept, OpenApiDocuments.V3ProtobufSubTypes) switch
        {
            OpenApiRepresentation.Json => openApi.V3GroupVersion,
            OpenApiRepresentation.Protobuf => openApi.V3GroupVersionProtobuf,
            _ => null,
        };
        if (document is null)
        {
            return OpenApiV3Refusal.WriteAsync(context.Response);
        }

        var hash = context.Request.Query["hash"];
        if (hash.Count == 0)
        {
            return document.WriteAsync(context, "no-cache, private");
        }

        if (string.Equals(hash.ToString(), openApi.V3GroupVersion.Hash, StringComparison.Ordinal))
        {
            return document.WriteAsync(context, "public, immutable");
        }

        context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
        context.Response.Headers.Location = OpenApiDocuments.V3GroupVersionPath + "?hash=" + openApi.V3GroupVersion.Hash;
        return Task.CompletedTask;
    }
}
