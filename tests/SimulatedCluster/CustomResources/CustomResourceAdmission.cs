using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.Rest;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.SimulatedCluster.CustomResources;

/// <summary>
/// Custom resources on write: unknown fields pruned (refused under fieldValidation=Strict with kube-apiserver's
/// "strict decoding error"), schema defaults applied, then the schema and its CEL rules enforced (422 Invalid).
/// </summary>
internal sealed class CustomResourceAdmission : IAdmissionStep
{
    public JsonObject Admit(AdmissionRequest request)
    {
        if (!request.Type.IsCustom || request.Type.Schema is not { } schema)
        {
            return request.Object;
        }

        var item = request.Object;
        var unknown = SchemaPruner.Prune(item, schema);
        if (unknown.Count > 0 && request.StrictFields)
        {
            throw ApiException.BadRequest($"{request.Type.Kind} in version \"{request.Type.Version}\" cannot be handled as a {request.Type.Kind}: strict decoding error: " + string.Join(", ", unknown.Select(u => $"unknown field \"{u}\"")));
        }

        SchemaDefaulter.Apply(item, schema);
        var errors = SchemaValidator.Validate(item, schema, request.Old);
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(request.Type, ObjectMeta.Name(item) ?? "", errors);
        }

        return item;
    }
}
