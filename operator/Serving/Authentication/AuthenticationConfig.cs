namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// One consistent snapshot of what decides who a caller is: the client CA and the front-proxy settings. A rotation
/// publishes a new snapshot; each request reads one snapshot and uses it throughout.
/// </summary>
internal sealed record AuthenticationConfig
{
    /// <summary>No CA at all: certificates authenticate nobody; tokens and anonymous access still work.</summary>
    public static AuthenticationConfig Empty { get; } = new();

    /// <summary>The client CA (<c>client-ca-file</c>); null disables client-certificate authentication.</summary>
    public CertificateAuthorityBundle? ClientAuthorities { get; init; }

    public RequestHeaderSettings RequestHeader { get; init; } = new();

    /// <summary>For logs: which authenticators this snapshot enables.</summary>
    public string Describe() =>
        $"client CA: {(ClientAuthorities is { } client ? $"{client.Count} certificate(s) from {client.Origin}" : "none")}; "
        + $"request-header CA: {(RequestHeader.Authorities is { } proxy ? $"{proxy.Count} certificate(s) from {proxy.Origin}" : "none")}; "
        + $"allowed names: [{string.Join(", ", RequestHeader.AllowedNames)}]";
}
