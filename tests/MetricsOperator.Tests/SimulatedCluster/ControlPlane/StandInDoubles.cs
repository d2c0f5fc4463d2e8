using MetricsOperator.SimulatedCluster.Security;

namespace MetricsOperator.Tests.SimulatedCluster.ControlPlane;

/// <summary>Test double: bearer tokens mapped to users; anything else is anonymous (null).</summary>
internal sealed class TokenAuthenticatorDouble : IRequestAuthenticator
{
    private readonly Dictionary<string, UserIdentity> _tokens;

    public TokenAuthenticatorDouble(Dictionary<string, UserIdentity> tokens) => _tokens = tokens;

    public ValueTask<UserIdentity?> AuthenticateAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : "";
        return ValueTask.FromResult(_tokens.GetValueOrDefault(token));
    }
}

/// <summary>Test double: allows every request except resource requests of the listed users (discovery stays open, as with system:discovery).</summary>
internal sealed class DenyListAuthorizerDouble : IRequestAuthorizer
{
    private readonly HashSet<string> _denied;

    public DenyListAuthorizerDouble(params string[] denied) => _denied = [.. denied];

    public List<RequestAttributes> Seen { get; } = [];

    public AuthorizationDecision Authorize(UserIdentity user, RequestAttributes attributes)
    {
        lock (Seen)
        {
            Seen.Add(attributes);
        }

        return attributes.IsResourceRequest && _denied.Contains(user.Name) ? new AuthorizationDecision(false, "") : new AuthorizationDecision(true, "test double");
    }
}
