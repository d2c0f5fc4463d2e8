using System.Globalization;
using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.Patching;
using MetricsOperator.SimulatedCluster.Security;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.SimulatedCluster.Rest;

/// <summary>create, update, patch (merge, strategic, JSON, apply) and delete, with the status-subresource split, admission and managedFields.</summary>
internal sealed class ResourceWrites
{
    private readonly ObjectStore _store;
    private readonly IReadOnlyList<IAdmissionStep> _admission;
    private readonly IReadOnlyList<IReviewHandler> _reviews;
    private readonly TimeProvider _clock;

    public ResourceWrites(ObjectStore store, IReadOnlyList<IAdmissionStep> admission, IReadOnlyList<IReviewHandler> reviews, TimeProvider clock)
    {
        _store = store;
        _admission = admission;
        _reviews = reviews;
        _clock = clock;
    }

    public async Task<(int Status, JsonObject Body)> CreateAsync(HttpContext context, ResourceType type, RequestInfo info, UserIdentity user)
    {
        var body = await RequestBody.ReadObjectAsync(context.Request);
        if (_reviews.FirstOrDefault(r => r.Handles(type)) is { } review)
        {
            return (201, review.Review(type, body, user));
        }

        CheckKind(type, body);
        var meta = ObjectMeta.Of(body);
        var name = ObjectMeta.Name(body);
        if (string.IsNullOrEmpty(name) && meta["generateName"]?.ToString() is { Length: > 0 } prefix)
        {
            name = prefix + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..5];
            meta["name"] = name;
        }

        if (string.IsNullOrEmpty(name))
        {
            throw ApiException.Invalid(type, "", [FieldError.Required("metadata.name")]);
        }

        var ns = NamespaceFor(type, info, body);
        if (ns is not null)
        {
            meta["namespace"] = ns;
        }

        var manager = Manager(context, "Update");
        var stored = Commit(context, type, ns, name, current =>
        {
            if (current is not null)
            {
                throw ApiException.AlreadyExists(type, name);
            }

            if (type.HasStatus && type.IsCustom)
            {
                body.Remove("status");
            }

            return Admit(type, "CREATE", null, body, context, info.Subresource, manager, user);
        });
        return (201, stored);
    }

    public async Task<(int Status, JsonObject Body)> UpdateAsync(HttpContext context, ResourceType type, RequestInfo info, UserIdentity user)
    {
        var body = await RequestBody.ReadObjectAsync(context.Request);
        CheckKind(type, body);
        var name = info.Name!;
        if (ObjectMeta.Name(body) is { } bodyName && bodyName != name)
        {
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        var ns = NamespaceFor(type, info, body);
        var manager = Manager(context, "Update");
        var stored = Commit(context, type, ns, name, current =>
        {
            if (current is null)
            {
                throw ApiException.NotFound(type, name);
            }

            if (ObjectMeta.ResourceVersion(body) is { } expected && expected != ObjectMeta.ResourceVersion(current))
            {
                throw ApiException.Conflict(type, name);
            }

            return Admit(type, "UPDATE", current, SplitStatus(type, info.Subresource, current, body), context, info.Subresource, manager, user);
        });
        return (200, stored);
    }

    public async Task<(int Status, JsonObject Body)> PatchAsync(HttpContext context, ResourceType type, RequestInfo info, UserIdentity user)
    {
        var contentType = (context.Request.ContentType ?? "").Split(';')[0].Trim();
        var patch = await RequestBody.ReadAsync(context.Request);
        var name = info.Name!;
        var ns = type.Namespaced ? info.Namespace : null;
        var isApply = contentType == "application/apply-patch+yaml";
        var manager = Manager(context, isApply ? "Apply" : "Update");
        if (isApply && string.IsNullOrEmpty(context.Request.Query["fieldManager"]))
        {
            throw ApiException.BadRequest("PATCH is not supported for apply without a fieldManager");
        }

        var created = false;
        var stored = Commit(context, type, ns, name, current =>
        {
            if (current is null && !isApply)
            {
                throw ApiException.NotFound(type, name);
            }

            created = current is null;
            JsonObject patched;
            if (isApply)
            {
                var applied = patch as JsonObject ?? throw ApiException.BadRequest("apply patch must be an object");
                CheckKind(type, applied);
                if (ObjectMeta.Name(applied) is { } appliedName && appliedName != name)
                {
                    throw ApiException.BadRequest($"the name of the object ({appliedName}) does not match the name on the URL ({name})");
                }

                var force = context.Request.Query["force"] is var f && f.ToString() is "true" or "1";
                var now = ObjectMeta.Timestamp(_clock.GetUtcNow());
                patched = ServerSideApply.Apply(current, applied, manager, force, type.GroupVersion, now, info.Subresource);
                ObjectMeta.Of(patched)["name"] = name;
                if (type.Namespaced)
                {
                    ObjectMeta.Of(patched)["namespace"] = ns;
                }
            }
            else
            {
                patched = Patch(contentType, current!, patch);
            }

            if (current is not null && ObjectMeta.ResourceVersion(patched) is { } expected && expected != ObjectMeta.ResourceVersion(current))
            {
                throw ApiException.Conflict(type, name);
            }

            var body = current is null ? patched : SplitStatus(type, info.Subresource, current, patched);
            return Admit(type, current is null ? "CREATE" : "UPDATE", current, body, context, info.Subresource, isApply ? null : manager, user);
        });
        return (created ? 201 : 200, stored);
    }

    public JsonObject Delete(HttpContext context, ResourceType type, RequestInfo info, JsonObject? options)
    {
        var policy = context.Request.Query["propagationPolicy"].ToString() is { Length: > 0 } p ? p : options?["propagationPolicy"]?.ToString();
        var ns = type.Namespaced ? info.Namespace : null;
        if (options?["preconditions"]?["resourceVersion"]?.ToString() is { Length: > 0 } rv
            && _store.Get(type, ns, info.Name!) is { } current && ObjectMeta.Text(current, "resourceVersion") != rv)
        {
            throw ApiException.Conflict(type, info.Name!);
        }

        if (IsDryRun(context))
        {
            return _store.Get(type, ns, info.Name!) ?? throw ApiException.NotFound(type, info.Name!);
        }

        return _store.Delete(type, ns, info.Name!, orphanDependents: policy == "Orphan");
    }

    private static JsonObject Patch(string contentType, JsonObject current, JsonNode? patch) => contentType switch
    {
        "application/merge-patch+json" => MergePatch.Apply(current, patch) as JsonObject,
        "application/strategic-merge-patch+json" => StrategicMergePatch.Apply(current, patch) as JsonObject,
        "application/json-patch+json" => JsonPatch.Apply(current, patch) as JsonObject,
        _ => throw new ApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json"),
    } ?? throw ApiException.BadRequest("the patch did not produce an object");

    /// <summary>Main-resource writes keep the stored status; /status writes change nothing but status.</summary>
    private static JsonObject SplitStatus(ResourceType type, string subresource, JsonObject current, JsonObject desired)
    {
        if (!type.HasStatus)
        {
            return desired;
        }

        if (subresource == "status")
        {
            var result = (JsonObject)current.DeepClone();
            result["status"] = desired["status"]?.DeepClone();
            ObjectMeta.Of(result)["resourceVersion"] = ObjectMeta.Text(desired, "resourceVersion");
            if (desired["metadata"]?["managedFields"] is { } fields)
            {
                ObjectMeta.Of(result)["managedFields"] = fields.DeepClone();
            }

            return result;
        }

        desired.Remove("status");
        if (current["status"] is { } status)
        {
            desired["status"] = status.DeepClone();
        }

        return desired;
    }

    private JsonObject Admit(ResourceType type, string operation, JsonObject? current, JsonObject desired, HttpContext context, string subresource, string? updateManager, UserIdentity user)
    {
        var strict = context.Request.Query["fieldValidation"].ToString() == "Strict";
        foreach (var step in _admission)
        {
            desired = step.Admit(new AdmissionRequest(type, operation, current, desired, strict, subresource, user));
        }

        if (updateManager is not null)
        {
            if (current is not null)
            {
                ObjectMeta.Of(desired)["managedFields"] = current["metadata"]?["managedFields"]?.DeepClone();
            }

            ManagedFields.RecordUpdate(current, desired, updateManager, type.GroupVersion, ObjectMeta.Timestamp(_clock.GetUtcNow()), subresource);
        }

        return desired;
    }

    private JsonObject Commit(HttpContext context, ResourceType type, string? ns, string name, Func<JsonObject?, JsonObject> compute)
    {
        if (IsDryRun(context))
        {
            return compute(_store.Get(type, ns, name));
        }

        return _store.Write(type, ns, name, compute) ?? _store.Get(type, ns, name) ?? new JsonObject
        {
            ["apiVersion"] = type.GroupVersion,
            ["kind"] = type.Kind,
            ["metadata"] = new JsonObject { ["name"] = name },
        };
    }

    private static bool IsDryRun(HttpContext context) => context.Request.Query["dryRun"].ToString() == "All";

    private static string Manager(HttpContext context, string operation)
    {
        if (context.Request.Query["fieldManager"].ToString() is { Length: > 0 } manager)
        {
            return manager;
        }

        var agent = context.Request.Headers.UserAgent.ToString();
        return operation == "Apply" || agent.Length == 0 ? "unknown" : agent.Split('/')[0];
    }

    private static string? NamespaceFor(ResourceType type, RequestInfo info, JsonObject body)
    {
        if (!type.Namespaced)
        {
            return null;
        }

        var ns = info.Namespace ?? ObjectMeta.Namespace(body) ?? "default";
        if (ObjectMeta.Namespace(body) is { Length: > 0 } bodyNs && bodyNs != ns)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        return ns;
    }

    private static void CheckKind(ResourceType type, JsonObject body)
    {
        if (body["kind"]?.ToString() is { Length: > 0 } kind && kind != type.Kind)
        {
            throw ApiException.BadRequest(string.Create(CultureInfo.InvariantCulture, $"the API version in the data ({body["apiVersion"]}) does not match the expected API version ({type.GroupVersion}) or kind {kind} is not {type.Kind}"));
        }
    }
}
