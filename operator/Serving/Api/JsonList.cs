using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace MetricsOperator.Serving.Api;

/// <summary>The shape of a JSON list document: what comes before the items, each item, and what comes after.</summary>
internal interface IJsonListLayout<T>
{
    void WriteStart(JsonDocumentWriter writer);

    void WriteItem(JsonDocumentWriter writer, in T item, in LayoutContext context);

    void WriteEnd(JsonDocumentWriter writer);
}

/// <summary>Writes a JSON list document at once, or in flushed pieces of <see cref="ItemsPerFlush"/> items.</summary>
internal static class JsonList
{
    /// <summary>About 100–300 KiB of JSON per piece: large enough that flushing costs little, small enough to stream.</summary>
    public const int ItemsPerFlush = 512;

    public static void Write<T>(IBufferWriter<byte> output, IReadOnlyList<T> items, in RepresentationContext context, IJsonListLayout<T> layout)
    {
        var json = JsonDocumentWriter.Rent(output);
        var writer = new JsonDocumentWriter(json);
        var layoutContext = new LayoutContext(context);
        layout.WriteStart(writer);
        WriteItems(writer, items, 0, items.Count, layoutContext, layout);
        layout.WriteEnd(writer);
        JsonDocumentWriter.Return(json);
    }

    /// <summary>
    /// Writes the list, flushing <paramref name="output"/> after every <see cref="ItemsPerFlush"/> items. Stops early
    /// when the client is gone (the flush reports completion or cancellation).
    /// </summary>
    public static async ValueTask WriteAsync<T>(
        PipeWriter output, IReadOnlyList<T> items, RepresentationContext context, IJsonListLayout<T> layout, CancellationToken cancellationToken)
    {
        // Its own writer: this one lives across awaits, possibly on other threads.
        using var json = new Utf8JsonWriter(output, JsonDocumentWriter.Options);
        var writer = new JsonDocumentWriter(json);
        var layoutContext = new LayoutContext(context);
        layout.WriteStart(writer);
        for (var start = 0; start < items.Count; start += ItemsPerFlush)
        {
            WriteItems(writer, items, start, Math.Min(items.Count, start + ItemsPerFlush), layoutContext, layout);
            json.Flush();
            var flushed = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                return;
            }
        }

        layout.WriteEnd(writer);
        json.Flush();
    }

    private static void WriteItems<T>(JsonDocumentWriter writer, IReadOnlyList<T> items, int start, int end, in LayoutContext context, IJsonListLayout<T> layout)
    {
        for (var i = start; i < end; i++)
        {
            layout.WriteItem(writer, items[i], context);
        }
    }
}
