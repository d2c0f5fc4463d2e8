using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using k8s;

namespace MetricsOperator.Kubernetes.Serialization;

/// <summary>
/// Kubernetes JSON as KubernetesClient's <c>KubernetesJson</c> writes and reads it (camelCase, nulls omitted, RFC 3339
/// times, ISO 8601 durations, enums as strings), without its all-models context: listed kinds come from
/// <see cref="KubernetesModelsJsonContext"/>, any other (custom resources, a kind added later) from reflection.
/// Everything in this process that talks to the API server goes through here, not through <c>KubernetesJson</c> or the
/// typed client, which would load that context after all.
/// </summary>
internal static class KubernetesJsonSerializer
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize(json, TypeInfo<T>());

    public static T? Deserialize<T>(Stream json) => JsonSerializer.Deserialize(json, TypeInfo<T>());

    public static T? Deserialize<T>(JsonElement json) => JsonSerializer.Deserialize(json, TypeInfo<T>());

    /// <summary>Serializes <paramref name="value"/> as its runtime type, as <c>KubernetesJson.Serialize</c> does.</summary>
    public static string Serialize(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return JsonSerializer.Serialize(value, Options.GetTypeInfo(value.GetType()));
    }

    private static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = JsonTypeInfoResolver.Combine(KubernetesModelsJsonContext.Default, new DefaultJsonTypeInfoResolver()),
        };

        // KubernetesJson's converters (public types of it; using them does not initialise KubernetesJson itself).
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new KubernetesJson.Iso8601TimeSpanConverter());
        options.Converters.Add(new KubernetesJson.KubernetesDateTimeConverter());
        options.Converters.Add(new KubernetesJson.KubernetesDateTimeOffsetConverter());
        options.MakeReadOnly();
        return options;
    }
}
