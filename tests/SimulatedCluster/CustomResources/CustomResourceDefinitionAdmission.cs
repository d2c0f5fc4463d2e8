using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.CustomResources.Cel;
using MetricsOperator.SimulatedCluster.Rest;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.SimulatedCluster.CustomResources;

/// <summary>
/// CRD validation as far as serving needs it: names, group, versions with schemas, and every
/// x-kubernetes-validations rule compiling in the stand-in's CEL subset.
/// </summary>
internal sealed class CustomResourceDefinitionAdmission : IAdmissionStep
{
    public JsonObject Admit(AdmissionRequest request)
    {
        if (request.Type is not { Group: "apiextensions.k8s.io", Plural: "customresourcedefinitions" } || request.Subresource == "status")
        {
            return request.Object;
        }

        var crd = request.Object;
        var errors = new List<FieldError>();
        var spec = crd["spec"] as JsonObject;
        var group = spec?["group"]?.ToString() ?? "";
        var plural = spec?["names"]?["plural"]?.ToString() ?? "";
        if (group.Length == 0)
        {
            errors.Add(FieldError.Required("spec.group"));
        }

        if (plural.Length == 0)
        {
            errors.Add(FieldError.Required("spec.names.plural"));
        }

        if (string.IsNullOrEmpty(spec?["names"]?["kind"]?.ToString()))
        {
            errors.Add(FieldError.Required("spec.names.kind"));
        }

        if (spec?["scope"]?.ToString() is not ("Namespaced" or "Cluster"))
        {
            errors.Add(FieldError.NotSupported("spec.scope", $"\"{spec?["scope"]}\"", ["\"Cluster\"", "\"Namespaced\""]));
        }

        var name = ObjectMeta.Name(crd) ?? "";
        if (errors.Count == 0 && name != plural + "." + group)
        {
            errors.Add(FieldError.Invalid("metadata.name", $"\"{name}\"", "must be spec.names.plural+\".\"+spec.group"));
        }

        var versions = spec?["versions"] as JsonArray ?? [];
        if (versions.Count == 0)
        {
            errors.Add(FieldError.Required("spec.versions"));
        }

        for (var i = 0; i < versions.Count; i++)
        {
            CompileRules(versions[i]?["schema"]?["openAPIV3Schema"], $"spec.versions[{i}].schema.openAPIV3Schema", errors);
        }

        if (errors.Count > 0)
        {
            throw ApiException.Invalid(request.Type, name, errors);
        }

        return crd;
    }

    private static void CompileRules(JsonNode? schema, string path, List<FieldError> errors)
    {
        if (schema is not JsonObject node)
        {
            return;
        }

        var rules = node["x-kubernetes-validations"] as JsonArray ?? [];
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i]?["rule"]?.ToString() ?? "";
            try
            {
                CelParser.Parse(rule);
            }
            catch (FormatException e)
            {
                errors.Add(FieldError.Invalid($"{path}.x-kubernetes-validations[{i}].rule", System.Text.Json.JsonSerializer.Serialize(rule), "compilation failed: ERROR: <input>: " + e.Message));
            }
        }

        foreach (var (key, child) in (node["properties"] as JsonObject ?? []))
        {
            CompileRules(child, $"{path}.properties[{key}]", errors);
        }

        CompileRules(node["items"], path + ".items", errors);
        CompileRules(node["additionalProperties"], path + ".additionalProperties", errors);
    }
}
