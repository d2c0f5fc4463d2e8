using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using MetricsOperator.Kubernetes.Pods;

namespace MetricsOperator.Serving.Api;

/// <summary><see cref="IDocumentWriter"/> over a <see cref="Utf8JsonWriter"/> that writes into the response buffer.</summary>
internal readonly struct JsonDocumentWriter(Utf8JsonWriter json) : IDocumentWriter
{
    /// <summary>
    /// Non-ASCII text such as the µ of <c>1µs</c> stays as UTF-8, as Go's encoder writes it; validation stays on.
    /// </summary>
    public static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    /// <summary>Where an idle cached writer points, so that it does not keep the last response's pipe reachable.</summary>
    private static readonly ArrayBufferWriter<byte> Detached = new(1);

    [ThreadStatic]
    private static Utf8JsonWriter? _cached;

    /// <summary>A writer from this thread's cache, reset onto <paramref name="output"/>; give it back with <see cref="Return"/>.</summary>
    public static Utf8JsonWriter Rent(IBufferWriter<byte> output)
    {
        var writer = _cached;
        _cached = null;
        if (writer is null)
        {
            return new Utf8JsonWriter(output, Options);
        }

        writer.Reset(output);
        return writer;
    }

    /// <summary>Flushes what is left into the output and keeps the writer for this thread's next response.</summary>
    public static void Return(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Flush();
        writer.Reset(Detached);
        _cached = writer;
    }

    public void StartMapping() => json.WriteStartObject();

    public void StartMapping(FieldName name) => json.WriteStartObject(name.Json);

    public void EndMapping() => json.WriteEndObject();

    public void StartSequence(FieldName name) => json.WriteStartArray(name.Json);

    public void EndSequence() => json.WriteEndArray();

    public void String(FieldName name, string value) => json.WriteString(name.Json, value);

    public void String(FieldName name, ReadOnlySpan<byte> utf8Value) => json.WriteString(name.Json, utf8Value);

    public void Labels(FieldName name, LabelSet labels)
    {
        json.WritePropertyName(name.Json);
        json.WriteRawValue(JsonLabelCache.Get(labels), skipInputValidation: true);
    }

    public void Number(FieldName name, int value) => json.WriteNumber(name.Json, value);

    public void Null(FieldName name) => json.WriteNull(name.Json);

    public void StringElement(string value) => json.WriteStringValue(value);

    public void StringElement(ReadOnlySpan<byte> utf8Value) => json.WriteStringValue(utf8Value);
}
