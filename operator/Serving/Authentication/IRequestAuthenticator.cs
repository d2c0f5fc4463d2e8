namespace MetricsOperator.Serving.Authentication;

/// <summary>One way of establishing a request's user, tried in the aggregated API server's order.</summary>
internal interface IRequestAuthenticator
{
    AuthenticationMethod Method { get; }

    /// <summary>
    /// <see cref="AuthenticationOutcome.NotApplicable"/> when the request carries no credential of this kind,
    /// otherwise the user or why the credential was refused.
    /// </summary>
    ValueTask<AuthenticationOutcome> AuthenticateAsync(HttpContext context, AuthenticationConfig config);
}

/// <summary>The result of one authenticator: a user, a refusal with its reason, or neither (no such credential).</summary>
internal readonly record struct AuthenticationOutcome(KubernetesUser? User, string? Error)
{
    public static AuthenticationOutcome NotApplicable => default;

    public static AuthenticationOutcome Authenticated(KubernetesUser user) => new(user, null);

    public static AuthenticationOutcome Failed(string error) => new(null, error);
}
