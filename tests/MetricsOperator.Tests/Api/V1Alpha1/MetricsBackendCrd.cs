using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Tests.Fixtures;

namespace MetricsOperator.Tests.Api.V1Alpha1;

/// <summary>The hand-written CRD manifest, loaded strictly into the client's typed model.</summary>
internal static class MetricsBackendCrd
{
    public static readonly string FilePath =
        RepositoryFiles.PathOf("manifests", "crd", "metricsoperator.dev_metricsbackends.yaml");

    private static readonly Lazy<V1CustomResourceDefinition> Loaded =
        new(() => KubernetesYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(FilePath), strict: true));

    public static V1CustomResourceDefinition Definition => Loaded.Value;

    public static V1CustomResourceDefinitionVersion Version =>
        Definition.Spec.Versions.Single(v => v.Name == MetricsBackend.KubeApiVersion);

    public static V1JSONSchemaProps Root => Version.Schema.OpenAPIV3Schema;

    /// <summary>
    /// A fresh copy of <see cref="Root"/> as JSON: the form the simulated cluster defaults and validates custom resources
    /// with, CEL rules included.
    /// </summary>
    public static JsonObject RootJson() => (JsonObject)JsonNode.Parse(KubernetesJson.Serialize(Root))!;

    /// <summary>The schema at a dotted path of property names, e.g. <c>spec.scraping.resolution</c>.</summary>
    public static V1JSONSchemaProps At(string path)
    {
        var schema = Root;
        foreach (var name in path.Split('.'))
        {
            schema = schema.Properties?.TryGetValue(name, out var child) == true
                ? child
                : throw new KeyNotFoundException($"{path}: no property {name} in the schema");
        }

        return schema;
    }

    /// <summary>
    /// <c>items</c> and <c>additionalProperties</c> are untyped in the model (schema-or-array, schema-or-bool), so the
    /// YAML loader leaves them as dictionaries; this reads one again, strictly, as a schema.
    /// </summary>
    public static V1JSONSchemaProps? AsSchema(object? value) => value switch
    {
        null or bool => null,
        V1JSONSchemaProps schema => schema,
        _ => KubernetesYaml.Deserialize<V1JSONSchemaProps>(KubernetesYaml.Serialize(value), strict: true),
    };
}
