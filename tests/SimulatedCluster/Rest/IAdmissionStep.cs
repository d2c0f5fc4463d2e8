using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.SimulatedCluster.Rest;

/// <summary>What one write is about to store, for defaulting and validation.</summary>
internal sealed record AdmissionRequest(ResourceType Type, string Operation, JsonObject? Old, JsonObject Object, bool StrictFields, string Subresource, Security.UserIdentity User);

/// <summary>Defaults or validates an object before it is stored (mutating and validating admission in one).</summary>
internal interface IAdmissionStep
{
    /// <summary>Returns the object to store; throws <see cref="ApiException"/> to refuse it.</summary>
    JsonObject Admit(AdmissionRequest request);
}

/// <summary>Answers a create-only review resource (TokenReview, SubjectAccessReview) instead of storing it.</summary>
internal interface IReviewHandler
{
    bool Handles(ResourceType type);

    JsonObject Review(ResourceType type, JsonObject request, Security.UserIdentity caller);
}
