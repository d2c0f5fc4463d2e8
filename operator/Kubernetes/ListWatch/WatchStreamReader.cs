using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;
using MetricsOperator.Kubernetes.Serialization;

namespace MetricsOperator.Kubernetes.ListWatch;

/// <summary>
/// Reads a Kubernetes watch response: one JSON event per line, <c>{"type":"ADDED","object":{…}}</c>.
/// A line that cannot be decoded becomes an error event (with <see cref="WatchStatuses.MalformedEventReason"/>)
/// instead of being dropped, so the informer can recover the lost event by relisting.
/// </summary>
internal static class WatchStreamReader
{
    private const int MaxQuotedChars = 200;

    public static async IAsyncEnumerable<WatchEvent<T>> ReadAsync<T>(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return Parse<T>(line);
            }
        }
    }

    public static WatchEvent<T> Parse<T>(string line)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("object", out var body) || body.ValueKind != JsonValueKind.Object)
            {
                return Malformed<T>("watch event without a string \"type\" and an \"object\"", line);
            }

            if (!TryParseType(typeElement.GetString(), out var type))
            {
                return Malformed<T>($"unknown watch event type \"{typeElement.GetString()}\"", line);
            }

            // The API server reports watch failures (410 Expired, 500) as an event whose object is a Status.
            if (type == WatchEventType.Error || IsStatus(body))
            {
                return WatchEvent<T>.Failure(KubernetesJsonSerializer.Deserialize<V1Status>(body) ?? throw new JsonException("a watch error event whose object is null"));
            }

            var item = KubernetesJsonSerializer.Deserialize<T>(body);
            return item is null ? Malformed<T>("watch event with a null object", line) : WatchEvent<T>.Of(type, item);
        }
        catch (Exception error) when (error is JsonException or FormatException or NotSupportedException or InvalidOperationException or OverflowException)
        {
            return Malformed<T>($"undecodable watch event ({error.Message})", line);
        }
    }

    private static bool IsStatus(JsonElement body) =>
        body.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String && kind.ValueEquals("Status");

    private static bool TryParseType(string? text, out WatchEventType type)
    {
        type = text?.ToUpperInvariant() switch
        {
            "ADDED" => WatchEventType.Added,
            "MODIFIED" => WatchEventType.Modified,
            "DELETED" => WatchEventType.Deleted,
            "BOOKMARK" => WatchEventType.Bookmark,
            "ERROR" => WatchEventType.Error,
            _ => (WatchEventType)(-1),
        };
        return type >= 0;
    }

    private static WatchEvent<T> Malformed<T>(string problem, string line)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var quoted = line.Length > MaxQuotedChars ? line[..MaxQuotedChars] + "…" : line;
        return WatchEvent<T>.Failure(WatchStatuses.Malformed($"{problem}: {quoted}"));
    }
}
