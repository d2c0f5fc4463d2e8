using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// Writes a JSON PodMetricsList with <see cref="JsonPodItemWriter"/>, at once or, as a <see cref="PodSelection"/>
/// yields them, in flushed pieces of <see cref="JsonList.ItemsPerFlush"/> candidates. The envelope is taken from <see cref="MetricsObjectLayout"/> once, so
/// it cannot drift from the general layout.
/// </summary>
internal static class JsonPodList
{
    private static readonly byte[] ListStart;
    private static readonly byte[] ListEnd;

#pragma warning disable CA1810 // Both halves come from one document written once.
    static JsonPodList()
#pragma warning restore CA1810
    {
        var output = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(output, JsonDocumentWriter.Options))
        {
            var writer = new JsonDocumentWriter(json);
            MetricsObjectLayout.WriteListStart(writer, MetricsObjectLayout.PodListKind);
            MetricsObjectLayout.WriteListEnd(writer);
        }

        // An empty list ends "…[]}": the items go between the brackets.
        var empty = output.WrittenSpan;
        var split = empty.LastIndexOf("[]"u8) + 1;
        ListStart = empty[..split].ToArray();
        ListEnd = empty[split..].ToArray();
    }

    public static void Write(IBufferWriter<byte> output, IReadOnlyList<ServedPod> pods, in RepresentationContext context)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(pods);
        output.Write(ListStart);
        var items = new JsonPodItemWriter(output, new LayoutContext(context));
        WriteItems(items, pods, 0, pods.Count);
        output.Write(ListEnd);
    }

    /// <summary>
    /// Writes the pods of <paramref name="pods"/> as they are selected, flushing after every piece of
    /// <see cref="JsonList.ItemsPerFlush"/> candidates; stops early when the client is gone.
    /// </summary>
    public static async ValueTask WriteAsync(PipeWriter output, PodSelection pods, RepresentationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(pods);
        output.Write(ListStart);
        var items = new JsonPodItemWriter(output, new LayoutContext(context));
        while (pods.TryNextPiece(JsonList.ItemsPerFlush, out var piece))
        {
            WriteItems(items, piece, 0, piece.Count);
            var flushed = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                return;
            }
        }

        output.Write(ListEnd);
    }

    private static void WriteItems(JsonPodItemWriter items, IReadOnlyList<ServedPod> pods, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            items.Write(pods[i]);
        }
    }
}
