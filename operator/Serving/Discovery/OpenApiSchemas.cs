using System.Text.Json.Nodes;

namespace MetricsOperator.Serving.Discovery;

/// <summary>
/// The schemas of the metrics.k8s.io/v1beta1 types and the apimachinery types they use, under the definition
/// names Kubernetes gives them. Written with Swagger 2.0 references; <see cref="Create"/> rewrites them for
/// OpenAPI 3. No reference has siblings, so the same schemas are valid in both versions.
/// </summary>
internal static class OpenApiSchemas
{
    public const string MetricsPrefix = "io.k8s.metrics.pkg.apis.metrics.v1beta1.";
    public const string MetaPrefix = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    public const string QuantityName = "io.k8s.apimachinery.pkg.api.resource.Quantity";

    private const string SwaggerReferencePrefix = "#/definitions/";

    private const string Definitions = """
        {
          "io.k8s.metrics.pkg.apis.metrics.v1beta1.ContainerMetrics": {
            "description": "Resource usage of one container.",
            "type": "object",
            "required": ["name", "usage"],
            "properties": {
              "name": { "description": "The container's name, as in the pod's spec.", "type": "string" },
              "usage": {
                "description": "Usage by resource: cpu (cores), memory (working set bytes) and, when served, swap (bytes).",
                "type": "object",
                "additionalProperties": { "$ref": "#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity" }
              }
            }
          },
          "io.k8s.metrics.pkg.apis.metrics.v1beta1.NodeMetrics": {
            "description": "Resource usage of a node over [timestamp - window, timestamp].",
            "type": "object",
            "required": ["timestamp", "window", "usage"],
            "properties": {
              "apiVersion": { "description": "metrics.k8s.io/v1beta1", "type": "string" },
              "kind": { "description": "NodeMetrics", "type": "string" },
              "metadata": { "$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
              "timestamp": { "$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Time" },
              "window": { "$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Duration" },
              "usage": {
                "description": "Usage by resource: cpu (cores), memory (working set bytes) and, when served, swap (bytes).",
                "type": "object",
                "additionalProperties": { "$ref": "#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity" }
              }
            },
            "x-kubernetes-group-version-kind": [{ "group": "metrics.k8s.io", "kind": "NodeMetrics", "version": "v1beta1" }]
          },
          "io.k8s.metrics.pkg.apis.metrics.v1beta1.NodeMetricsList": {
            "description": "A list of NodeMetrics.",
            "type": "object",
            "required": ["items"],
            "properties": {
              "apiVersion": { "description": "metrics.k8s.io/v1beta1", "type": "string" },
              "kind": { "description": "NodeMetricsList", "type": "string" },
              "metadata": { "$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta" },
              "items": {
                "type": "array",
                "items": { "$ref": "#/definitions/io.k8s.metrics.pkg.apis.metrics.v1beta1.NodeMetrics" }
              }
            },
            "x-kubernetes-group-version-kind": [{ "group": "metrics.k8s.io", "kind": "NodeMetricsList", "version": "v1beta1" }]
          },
          "io.k8s.metrics.pkg.apis.metrics.v1beta1.PodMetrics": {
            "description": "Resource usage of a pod's containers over [timestamp - window, timestamp].",
            "type": "object",
            "required": ["timestamp", "window", "containers"],
            "properties": {
              "apiVersion": { "description": "metrics.k8s.io/v1beta1", "type": "string" },
              "kind": { "description": "PodMetrics", "type": "string" },
              "metadata": { "$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
              "timestamp": { "$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Time" },
              "window": { "$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Duration" },
              "containers": {
                "description": "One entry per container, all measured over the same window.",
                "type": "array",
                "items": { "$ref": "#/definitions/io.k8s.metrics.pkg.apis.metrics.v1beta1.ContainerMetrics" },
                "x-kubernetes-list-type": "atomic"
              }
            },
            "x-kubernetes-group-version-kind": [{ "group": "metrics.k8s.io", "kind": "PodMetrics", "version": "v1beta1" }]
          },
          "io.k8s.metrics.pkg.apis.metrics.v1beta1.PodMetricsList": {
            "description": "A list of PodMetrics.",
            "type": "object",
            "required": ["items"],
            "properties": {
              "apiVersion": { "description": "metrics.k8s.io/v1beta1", "type": "string" },
              "kind": { "description": "PodMetricsList", "type": "string" },
              "metadata": { "$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta" },
              "items": {
                "type": "array",
                "items": { "$ref": "#/definitions/io.k8s.metrics.pkg.apis.metrics.v1beta1.PodMetrics" }
              }
            },
            "x-kubernetes-group-version-kind": [{ "group": "metrics.k8s.io", "kind": "PodMetricsList", "version": "v1beta1" }]
          },
          "io.k8s.apimachinery.pkg.api.resource.Quantity": {
            "description": "A fixed-point number with an optional SI or binary suffix in its canonical string form, e.g. 4710169n, 250m, 12240Ki.",
            "type": "string"
          },
          "io.k8s.apimachinery.pkg.apis.meta.v1.Time": {
            "description": "An RFC 3339 timestamp in UTC with whole seconds.",
            "type": "string",
            "format": "date-time"
          },
          "io.k8s.apimachinery.pkg.apis.meta.v1.Duration": {
            "description": "A duration in Go's notation, e.g. 15.021s, 1m0s, 1µs.",
            "type": "string"
          },
          "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta": {
            "description": "Metadata of a list.",
            "type": "object",
            "properties": {
              "continue": { "type": "string" },
              "remainingItemCount": { "type": "integer", "format": "int64" },
              "resourceVersion": { "type": "string" },
              "selfLink": { "type": "string" }
            }
          },
          "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": {
            "description": "Metadata of an object. Metrics objects carry name, namespace (pods), labels and creationTimestamp (the response time).",
            "type": "object",
            "properties": {
              "annotations": { "type": "object", "additionalProperties": { "type": "string" } },
              "creationTimestamp": { "$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Time" },
              "deletionGracePeriodSeconds": { "type": "integer", "format": "int64" },
              "deletionTimestamp": { "$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Time" },
              "finalizers": { "type": "array", "items": { "type": "string" } },
              "generateName": { "type": "string" },
              "generation": { "type": "integer", "format": "int64" },
              "labels": { "type": "object", "additionalProperties": { "type": "string" } },
              "managedFields": {
                "type": "array",
                "items": { "$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry" }
              },
              "name": { "type": "string" },
              "namespace": { "type": "string" },
              "ownerReferences": {
                "type": "array",
                "items": { "$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference" }
              },
              "resourceVersion": { "type": "string" },
              "selfLink": { "type": "string" },
              "uid": { "type": "string" }
            }
          },
          "io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry": {
            "description": "The fields a manager owns.",
            "type": "object",
            "properties": {
              "apiVersion": { "type": "string" },
              "fieldsType": { "type": "string" },
              "fieldsV1": { "$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1" },
              "manager": { "type": "string" },
              "operation": { "type": "string" },
              "subresource": { "type": "string" },
              "time": { "$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Time" }
            }
          },
          "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1": {
            "description": "A set of fields in the trie form of structured-merge-diff.",
            "type": "object"
          },
          "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference": {
            "description": "An object this object depends on.",
            "type": "object",
            "required": ["apiVersion", "kind", "name", "uid"],
            "properties": {
              "apiVersion": { "type": "string" },
              "blockOwnerDeletion": { "type": "boolean" },
              "controller": { "type": "boolean" },
              "kind": { "type": "string" },
              "name": { "type": "string" },
              "uid": { "type": "string" }
            },
            "x-kubernetes-map-type": "atomic"
          }
        }
        """;

    /// <summary>A fresh copy of the schemas, each reference made of <paramref name="referencePrefix"/> and a definition name.</summary>
    public static JsonObject Create(string referencePrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(referencePrefix);
        var schemas = JsonNode.Parse(Definitions)!.AsObject();
        if (!string.Equals(referencePrefix, SwaggerReferencePrefix, StringComparison.Ordinal))
        {
            RewriteReferences(schemas, referencePrefix);
        }

        return schemas;
    }

    private static void RewriteReferences(JsonNode? node, string referencePrefix)
    {
        switch (node)
        {
            case JsonObject schema:
                if (schema["$ref"] is JsonValue reference)
                {
                    schema["$ref"] = referencePrefix + reference.GetValue<string>()[SwaggerReferencePrefix.Length..];
                }

                foreach (var (_, child) in schema)
                {
                    RewriteReferences(child, referencePrefix);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    RewriteReferences(child, referencePrefix);
                }

                break;
        }
    }
}
