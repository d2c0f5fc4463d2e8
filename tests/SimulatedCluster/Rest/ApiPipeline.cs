using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.Discovery;
using MetricsOperator.SimulatedCluster.Security;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.SimulatedCluster.Rest;

/// <summary>
/// The request pipeline in kube-apiserver's order: authentication (401), authorization (403 worded as kube-apiserver),
/// the aggregation proxy for APIService-registered groups, then the local discovery and resource handlers.
/// Every failure becomes a Kubernetes Status.
/// </summary>
internal sealed class ApiPipeline
{
    private readonly IRequestAuthenticator _authenticator;
    private readonly IRequestAuthorizer _authorizer;
    private readonly IApiProxy? _proxy;
    private readonly NonResourceEndpoints _nonResource;
    private readonly ResourceRegistry _registry;
    private readonly ResourceReads _reads;
    private readonly ResourceWrites _writes;
    private readonly WatchStream _watch;
    private readonly CancellationToken _stopping;

    public ApiPipeline(
        IRequestAuthenticator authenticator,
        IRequestAuthorizer authorizer,
        IApiProxy? proxy,
        NonResourceEndpoints nonResource,
        ResourceRegistry registry,
        ResourceReads reads,
        ResourceWrites writes,
        WatchStream watch,
        CancellationToken stopping)
    {
        _authenticator = authenticator;
        _authorizer = authorizer;
        _proxy = proxy;
        _nonResource = nonResource;
        _registry = registry;
        _reads = reads;
        _writes = writes;
        _watch = watch;
        _stopping = stopping;
    }

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            var user = await _authenticator.AuthenticateAsync(context)
                ?? throw StatusErrors.ToException(ForbiddenStatus.Unauthorized());
            var info = RequestInfo.Parse(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.Query);
            var attributes = info.ToAttributes();
            var decision = _authorizer.Authorize(user, attributes);
            if (!decision.Allowed)
            {
                throw StatusErrors.ToException(ForbiddenStatus.For(user, attributes, decision.Reason));
            }

            if (_proxy is not null && await _proxy.TryProxyAsync(context, user, attributes))
            {
                return;
            }

            if (!info.IsResourceRequest)
            {
                await _nonResource.ServeAsync(context);
                return;
            }

            await ServeResourceAsync(context, info, user);
        }
        catch (ApiException error) when (!context.Response.HasStarted)
        {
            await ApiResponses.WriteStatusAsync(context, error);
        }
        catch (Exception error) when (!context.Response.HasStarted && error is not OperationCanceledException)
        {
            // A stand-in bug must still answer as kube-apiserver does, naming the cause.
            await ApiResponses.WriteStatusAsync(context, new ApiException(500, "InternalError", $"Internal error occurred: {error.GetType().Name}: {error.Message} {error.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}"));
        }
    }

    private async Task ServeResourceAsync(HttpContext context, RequestInfo info, UserIdentity user)
    {
        var type = _registry.Find(info.Group, info.Version, info.Resource) ?? throw NonResourceEndpoints.NotFound();
        if ((!type.Namespaced && info.Namespace is not null && type.Plural != "namespaces")
            || (type.Namespaced && info.Name is not null && info.Namespace is null && info.Verb is not ("list" or "watch"))
            || (info.Subresource.Length > 0 && !(info.Subresource == "status" && type.HasStatus)))
        {
            throw NonResourceEndpoints.NotFound();
        }

        if (!type.Verbs.Contains(info.Verb) && !(info.Subresource == "status" && info.Verb is "get" or "update" or "patch"))
        {
            throw ApiException.MethodNotSupported(type, info.Verb);
        }

        JsonObject body;
        var status = 200;
        switch (info.Verb)
        {
            case "get":
                body = _reads.Get(context, type, info);
                break;
            case "list":
                body = _reads.List(context, type, info);
                break;
            case "watch":
                await _watch.RunAsync(context, type, info, _stopping);
                return;
            case "create":
                (status, body) = await _writes.CreateAsync(context, type, info, user);
                body = _reads.Shape(context, type, body);
                break;
            case "update":
                (status, body) = await _writes.UpdateAsync(context, type, info, user);
                body = _reads.Shape(context, type, body);
                break;
            case "patch":
                (status, body) = await _writes.PatchAsync(context, type, info, user);
                body = _reads.Shape(context, type, body);
                break;
            case "delete":
                body = _writes.Delete(context, type, info, await DeleteOptionsAsync(context));
                break;
            case "deletecollection":
                body = DeleteCollection(context, type, info);
                break;
            default:
                throw ApiException.MethodNotSupported(type, info.Verb);
        }

        await ApiResponses.WriteJsonAsync(context, status, body);
    }

    private JsonObject DeleteCollection(HttpContext context, ResourceType type, RequestInfo info)
    {
        var (items, _) = _reads.Select(context, type, info);
        foreach (var item in items)
        {
            var one = info with { Name = ObjectMeta.Name(item), Namespace = ObjectMeta.Namespace(item) };
            _writes.Delete(context, type, one, null);
        }

        return new JsonObject
        {
            ["kind"] = type.ListKind,
            ["apiVersion"] = type.GroupVersion,
            ["metadata"] = new JsonObject(),
            ["items"] = new JsonArray([.. items.Select(i => (JsonNode)i)]),
        };
    }

    private static async Task<JsonObject?> DeleteOptionsAsync(HttpContext context)
    {
        if (context.Request.ContentLength is null or 0 && !context.Request.Headers.TransferEncoding.Any())
        {
            return null;
        }

        try
        {
            return await RequestBody.ReadAsync(context.Request) as JsonObject;
        }
        catch (ApiException)
        {
            return null;
        }
    }
}
