using k8s.Models;

namespace MetricsOperator.SimulatedCluster.Security;

/// <summary>A review's answer (201 Created with the filled-in object) or the Status error kube-apiserver returns instead.</summary>
internal sealed record ReviewResult<T>(T? Response, V1Status? Error)
    where T : class
{
    public static ReviewResult<T> Ok(T response) => new(response, null);

    public static ReviewResult<T> BadRequest(string message) => new(null, new V1Status
    {
        ApiVersion = "v1",
        Kind = "Status",
        Metadata = new V1ListMeta(),
        Status = "Failure",
        Message = message,
        Reason = "BadRequest",
        Code = 400,
    });

    /// <summary>apierrors.NewInvalid for an unnamed object: <c>Kind.group "" is invalid: field: Invalid value: "v": detail</c>.</summary>
    public static ReviewResult<T> Invalid(string kind, string group, string field, string value, string detail)
    {
        var cause = $"{field}: Invalid value: \"{value}\": {detail}";
        return new(null, new V1Status
        {
            ApiVersion = "v1",
            Kind = "Status",
            Metadata = new V1ListMeta(),
            Status = "Failure",
            Message = $"{kind}.{group} \"\" is invalid: {cause}",
            Reason = "Invalid",
            Details = new V1StatusDetails
            {
                Group = group,
                Kind = kind,
                Causes = [new V1StatusCause { Reason = "FieldValueInvalid", Message = $"Invalid value: \"{value}\": {detail}", Field = field }],
            },
            Code = 422,
        });
    }
}
