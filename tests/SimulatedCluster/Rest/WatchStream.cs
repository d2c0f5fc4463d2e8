using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.Storage;
using MetricsOperator.SimulatedCluster.Tables;

namespace MetricsOperator.SimulatedCluster.Rest;

/// <summary>
/// A watch response: one JSON event per line (ADDED, MODIFIED, DELETED, BOOKMARK when allowWatchBookmarks), filtered
/// by the request's selectors, shaped as Table rows when asked, until timeoutSeconds, the client leaves or the server stops.
/// </summary>
internal sealed class WatchStream
{
    private readonly ObjectStore _store;
    private readonly TableBuilder _tables;
    private readonly TimeSpan _bookmarkInterval;

    public WatchStream(ObjectStore store, TableBuilder tables, TimeSpan bookmarkInterval)
    {
        _store = store;
        _tables = tables;
        _bookmarkInterval = bookmarkInterval;
    }

    public async Task RunAsync(HttpContext context, ResourceType type, RequestInfo info, CancellationToken stopping)
    {
        var query = context.Request.Query;
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"], type);
        long? from = query["resourceVersion"].ToString() is { Length: > 0 } rv
            ? long.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw ApiException.BadRequest($"invalid resourceVersion \"{rv}\"")
            : null;
        var bookmarks = query["allowWatchBookmarks"].ToString() is "true" or "1";
        var timeout = query["timeoutSeconds"].ToString() is { Length: > 0 } t && int.TryParse(t, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(30);
        var format = OutputFormat.Negotiate(context.Request.Headers.Accept);

        WatchSubscription subscription;
        try
        {
            subscription = _store.Watch(type, type.Namespaced ? info.Namespace : null, from);
        }
        catch (ApiException expired) when (expired.Code == 410)
        {
            // As kube-apiserver's watch cache: the stream opens, then carries one ERROR event with the 410 Status.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await WriteAsync(context, "ERROR", ApiResponses.Status(expired), context.RequestAborted);
            return;
        }

        using var owned = subscription;
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        lifetime.CancelAfter(timeout);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(lifetime.Token);
        var first = true;
        try
        {
            while (!lifetime.IsCancellationRequested)
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token);
                tick.CancelAfter(_bookmarkInterval);
                WatchEvent? change = null;
                try
                {
                    change = await subscription.Reader.ReadAsync(tick.Token);
                }
                catch (OperationCanceledException) when (!lifetime.IsCancellationRequested)
                {
                    if (bookmarks)
                    {
                        await WriteAsync(context, "BOOKMARK", Bookmark(type), lifetime.Token);
                    }

                    continue;
                }

                var item = (JsonObject)JsonNode.Parse(change.Json)!;
                if (!labels.Matches(ObjectMeta.Labels(item)) || !fields.Matches(item))
                {
                    continue;
                }

                item["apiVersion"] = type.GroupVersion;
                JsonObject shaped = format.Shape switch
                {
                    OutputShape.Table => _tables.Build(type, [item], format.MetaVersion, ObjectMeta.Text(item, "resourceVersion"), ResourceReads.IncludeObject(context), withColumns: first),
                    OutputShape.PartialObjectMetadata => TableBuilder.PartialMetadata(item, format.MetaVersion),
                    _ => item,
                };
                first = false;
                await WriteAsync(context, change.Type, shaped, lifetime.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The client left, the timeout elapsed or the server is stopping: the stream simply ends.
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // The subscription was closed: end the stream.
        }
    }

    private JsonObject Bookmark(ResourceType type) => new()
    {
        ["kind"] = type.Kind,
        ["apiVersion"] = type.GroupVersion,
        ["metadata"] = new JsonObject
        {
            ["resourceVersion"] = _store.ResourceVersion.ToString(CultureInfo.InvariantCulture),
        },
    };

    private static async Task WriteAsync(HttpContext context, string type, JsonObject item, CancellationToken cancellation)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = item }.ToJsonString(ApiResponses.Json) + "\n";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), cancellation);
        await context.Response.Body.FlushAsync(cancellation);
    }
}
