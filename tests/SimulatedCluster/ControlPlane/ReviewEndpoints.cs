using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MetricsOperator.SimulatedCluster.Rest;
using MetricsOperator.SimulatedCluster.Security;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.SimulatedCluster.ControlPlane;

/// <summary>
/// The create-only review resources answered from the security engine: TokenReview, SubjectAccessReview, and
/// SelfSubjectAccessReview (a SubjectAccessReview for the caller, as <c>kubectl auth can-i</c> sends).
/// </summary>
internal sealed class ReviewEndpoints : IReviewHandler
{
    private readonly TokenReviewHandler _tokens;
    private readonly SubjectAccessReviewHandler _access;

    public ReviewEndpoints(TokenReviewHandler tokens, SubjectAccessReviewHandler access)
    {
        _tokens = tokens;
        _access = access;
    }

    public bool Handles(ResourceType type) =>
        type.Plural is "tokenreviews" or "subjectaccessreviews" or "selfsubjectaccessreviews" && !type.IsCustom;

    public JsonObject Review(ResourceType type, JsonObject request, UserIdentity caller)
    {
        var json = request.ToJsonString();
        switch (type.Plural)
        {
            case "tokenreviews":
                return Answer(_tokens.Review(KubernetesJson.Deserialize<V1TokenReview>(json)));
            case "subjectaccessreviews":
                return Answer(_access.Review(KubernetesJson.Deserialize<V1SubjectAccessReview>(json)));
            default:
                var self = KubernetesJson.Deserialize<V1SelfSubjectAccessReview>(json);
                var result = _access.Review(new V1SubjectAccessReview
                {
                    Spec = new V1SubjectAccessReviewSpec
                    {
                        ResourceAttributes = self.Spec?.ResourceAttributes,
                        NonResourceAttributes = self.Spec?.NonResourceAttributes,
                        User = caller.Name,
                        Groups = [.. caller.Groups],
                        Uid = caller.Uid,
                    },
                });
                if (result.Error is not null)
                {
                    throw StatusErrors.ToException(result.Error);
                }

                return Parse(new V1SelfSubjectAccessReview
                {
                    ApiVersion = "authorization.k8s.io/v1",
                    Kind = "SelfSubjectAccessReview",
                    Metadata = self.Metadata ?? new V1ObjectMeta(),
                    Spec = self.Spec,
                    Status = result.Response!.Status,
                });
        }
    }

    private static JsonObject Answer<T>(ReviewResult<T> result)
        where T : class =>
        result.Error is not null ? throw StatusErrors.ToException(result.Error) : Parse(result.Response!);

    private static JsonObject Parse(object item) => (JsonObject)JsonNode.Parse(KubernetesJson.Serialize(item))!;
}
