using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// Writes a JSON PodMetricsList with <see cref="JsonPodItemWriter"/>, at once or, as a <see cref="PodSelection"/>
/// yields them, in pieces of <see cref="JsonList.ItemsPerFlush"/> candidates. The envelope is taken from
/// <see cref="MetricsObjectLayout"/> once, so it cannot drift from the general layout.
/// </summary>
internal static class JsonPodList
{
    private static readonly byte[] ListStart;
    private static readonly byte[] ListEnd;

    /// <summary>A piece of <see cref="JsonList.ItemsPerFlush"/> pods of a few containers fits; a larger one grows it.</summary>
    private const int PieceBufferSize = 256 * 1024;

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
        WriteItems(items, pods);
        output.Write(ListEnd);
    }

    /// <summary>
    /// Writes the pods of <paramref name="pods"/> as they are selected, a piece of <see cref="JsonList.ItemsPerFlush"/>
    /// candidates at a time, and writes each piece while the previous one is being flushed; stops early when the
    /// client is gone.
    /// </summary>
    /// <remarks>
    /// Kestrel completes an HTTP/2 flush only once its connection loop has framed and encrypted nearly all of it (the
    /// stream's pipe pauses at 4 KiB), so a writer that awaits each flush before writing the next piece never lets JSON
    /// writing and encryption run on two cores at once. Here a piece is written into a buffer of its own while the
    /// previous one is flushed, then copied into the output once that flush completes: at most one piece (a few
    /// hundred KiB) waits beside the one in flight.
    /// </remarks>
    public static async ValueTask WriteAsync(PipeWriter output, PodSelection pods, RepresentationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(pods);
        output.Write(ListStart);
        using var next = new ListPieceBuffer(PieceBufferSize);
        var items = new JsonPodItemWriter(next, new LayoutContext(context));
        var inFlight = ValueTask.FromResult(default(FlushResult));
        while (pods.TryNextPiece(JsonList.ItemsPerFlush, out var piece))
        {
            WriteItems(items, piece);
            if (IsClosed(await inFlight.ConfigureAwait(false)))
            {
                return;
            }

            output.Write(next.WrittenSpan);
            next.Clear();
            inFlight = output.FlushAsync(cancellationToken);
        }

        if (IsClosed(await inFlight.ConfigureAwait(false)))
        {
            return;
        }

        output.Write(ListEnd);
    }

    private static bool IsClosed(FlushResult flushed) => flushed.IsCompleted || flushed.IsCanceled;

    private static void WriteItems(JsonPodItemWriter items, IReadOnlyList<ServedPod> pods)
    {
        for (var i = 0; i < pods.Count; i++)
        {
            items.Write(pods[i]);
        }
    }
}
