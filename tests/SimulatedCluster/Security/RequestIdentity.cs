namespace MetricsOperator.SimulatedCluster.Security;

/// <summary>An authenticated caller, as kube-apiserver's user.Info.</summary>
internal sealed record UserIdentity(string Name, IReadOnlyList<string> Groups, string? Uid = null);

/// <summary>What a request wants to do, as kube-apiserver's authorizer.Attributes.</summary>
internal sealed record RequestAttributes(
    string Verb,
    string ApiGroup,
    string ApiVersion,
    string Resource,
    string Subresource,
    string? Namespace,
    string? Name,
    bool IsResourceRequest,
    string Path);

/// <summary>An authorization decision with the reason kube-apiserver would give.</summary>
internal sealed record AuthorizationDecision(bool Allowed, string Reason);

/// <summary>
/// Authenticates a request by client certificate or bearer token: <see cref="SystemGroups.Anonymous"/> when it
/// presents no credentials, null when the credentials it presents are not valid (answer 401 Unauthorized).
/// </summary>
internal interface IRequestAuthenticator
{
    ValueTask<UserIdentity?> AuthenticateAsync(HttpContext context);
}

/// <summary>RBAC decisions over the stored Roles, ClusterRoles and bindings.</summary>
internal interface IRequestAuthorizer
{
    AuthorizationDecision Authorize(UserIdentity user, RequestAttributes attributes);
}
