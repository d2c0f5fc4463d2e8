using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace MetricsOperator.Tests.Hosting;

/// <summary>A request the operator sent that changes something.</summary>
internal sealed record CapturedWrite(string Method, string Path, string Query, string? ContentType, string Body);

/// <summary>
/// Objects by URL path, for <see cref="FakeApiServer"/>: GET of an object or of a collection (its direct children,
/// selectors ignored), POST creates, PUT replaces, PATCH (apply or merge, status included) merges into what is
/// stored or stores the body, DELETE removes. Enough for leader election, events and the reconciler's calls.
/// </summary>
internal sealed class FakeObjectStore
{
    private static readonly HashSet<string> Collections =
        ["secrets", "services", "apiservices", "clusterroles", "clusterrolebindings", "leases", "events", "metricsbackends"];

    private readonly ConcurrentDictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<CapturedWrite> _writes = new();
    private long _resourceVersion = 1000;

    public IReadOnlyCollection<CapturedWrite> Writes => _writes;

    public void Seed(string path, string json) => _objects[path] = (JsonObject)JsonNode.Parse(json)!;

    public JsonObject? Get(string path) => _objects.TryGetValue(path, out var item) ? item : null;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var body = await new StreamReader(request.Body).ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        if (!HttpMethods.IsGet(request.Method))
        {
            _writes.Enqueue(new CapturedWrite(request.Method, path, request.QueryString.Value ?? string.Empty, request.ContentType, body));
        }

        var (status, answer) = request.Method switch
        {
            "GET" => Read(path),
            "POST" => Create(path, body),
            "PUT" => Store(path, Parse(body)),
            "PATCH" => Patch(path, body),
            "DELETE" => _objects.TryRemove(path, out _) ? (200, StatusBody(200, "Success")) : (404, StatusBody(404, "NotFound")),
            _ => (405, StatusBody(405, "MethodNotAllowed")),
        };
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer, context.RequestAborted).ConfigureAwait(false);
    }

    private (int, string) Read(string path)
    {
        if (_objects.TryGetValue(path, out var item))
        {
            return (200, item.ToJsonString());
        }

        if (!Collections.Contains(path[(path.LastIndexOf('/') + 1)..]))
        {
            return (404, StatusBody(404, "NotFound"));
        }

        var items = new JsonArray();
        foreach (var (key, value) in _objects)
        {
            if (key.StartsWith(path + "/", StringComparison.Ordinal) && key.IndexOf('/', path.Length + 1) < 0)
            {
                items.Add(value.DeepClone());
            }
        }

        var list = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "List",
            ["metadata"] = new JsonObject { ["resourceVersion"] = Interlocked.Read(ref _resourceVersion).ToString(CultureInfo.InvariantCulture) },
            ["items"] = items,
        };
        return (200, list.ToJsonString());
    }

    private (int, string) Create(string collection, string body)
    {
        var item = Parse(body);
        var name = item["metadata"]?["name"]?.GetValue<string>() ?? "generated-" + Interlocked.Increment(ref _resourceVersion);
        var (_, answer) = Store(collection + "/" + name, item);
        return (201, answer);
    }

    private (int, string) Patch(string path, string body)
    {
        var target = path.EndsWith("/status", StringComparison.Ordinal) ? path[..^"/status".Length] : path;
        var patch = Parse(body);
        if (!_objects.TryGetValue(target, out var current))
        {
            return Store(target, patch);
        }

        var merged = (JsonObject)current.DeepClone();
        Merge(merged, patch);
        return Store(target, merged);
    }

    private (int, string) Store(string path, JsonObject item)
    {
        var metadata = item["metadata"] as JsonObject ?? [];
        item["metadata"] = metadata;
        metadata["resourceVersion"] = Interlocked.Increment(ref _resourceVersion).ToString(CultureInfo.InvariantCulture);
        metadata["uid"] ??= Guid.NewGuid().ToString();
        _objects[path] = item;
        return (200, item.ToJsonString());
    }

    // RFC 7386 JSON merge patch: objects merge, null deletes, anything else replaces.
    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToArray())
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject patchObject && target[key] is JsonObject targetObject)
            {
                Merge(targetObject, patchObject);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }

    private static JsonObject Parse(string body) => JsonNode.Parse(body) as JsonObject ?? [];

    private static string StatusBody(int code, string reason) =>
        new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = code < 300 ? "Success" : "Failure", ["reason"] = reason, ["code"] = code }.ToJsonString();
}
