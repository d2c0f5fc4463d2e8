using static MetricsOperator.Serving.Discovery.GnosticField;

namespace MetricsOperator.Serving.Discovery;

/// <summary>Swagger 2.0 security definitions onto gnostic's <c>openapi.v2</c> scheme messages (basic, apiKey, the four OAuth 2 flows).</summary>
internal static class GnosticV2SecurityShapes
{
    /// <summary>The security scheme kinds, chosen by <c>type</c> and, for OAuth 2, by <c>flow</c>.</summary>
    public static void DefineSchemes(GnosticShape item, GnosticShape scopes)
    {
        var basic = new GnosticShape("BasicAuthenticationSecurity")
            .Define(new Dictionary<string, GnosticField> { ["type"] = String(1), ["description"] = String(2) }, extensionField: 3);
        var apiKey = new GnosticShape("ApiKeySecurity")
            .Define(new Dictionary<string, GnosticField> { ["type"] = String(1), ["name"] = String(2), ["in"] = String(3), ["description"] = String(4) }, extensionField: 5);
        var implicitFlow = new GnosticShape("Oauth2ImplicitSecurity").Define(
            new Dictionary<string, GnosticField> { ["type"] = String(1), ["flow"] = String(2), ["scopes"] = Message(3, scopes), ["authorizationUrl"] = String(4), ["description"] = String(5) },
            extensionField: 6);
        var passwordFlow = new GnosticShape("Oauth2PasswordSecurity").Define(
            new Dictionary<string, GnosticField> { ["type"] = String(1), ["flow"] = String(2), ["scopes"] = Message(3, scopes), ["tokenUrl"] = String(4), ["description"] = String(5) },
            extensionField: 6);
        var applicationFlow = new GnosticShape("Oauth2ApplicationSecurity").Define(
            new Dictionary<string, GnosticField> { ["type"] = String(1), ["flow"] = String(2), ["scopes"] = Message(3, scopes), ["tokenUrl"] = String(4), ["description"] = String(5) },
            extensionField: 6);
        var accessCodeFlow = new GnosticShape("Oauth2AccessCodeSecurity").Define(
            new Dictionary<string, GnosticField>
            {
                ["type"] = String(1),
                ["flow"] = String(2),
                ["scopes"] = Message(3, scopes),
                ["authorizationUrl"] = String(4),
                ["tokenUrl"] = String(5),
                ["description"] = String(6),
            },
            extensionField: 7);
        item.DefineOneOf(value => (GnosticV2Shapes.Property(value, "type"), GnosticV2Shapes.Property(value, "flow")) switch
        {
            ("basic", _) => Message(1, basic),
            ("apiKey", _) => Message(2, apiKey),
            ("oauth2", "implicit") => Message(3, implicitFlow),
            ("oauth2", "password") => Message(4, passwordFlow),
            ("oauth2", "application") => Message(5, applicationFlow),
            ("oauth2", "accessCode") => Message(6, accessCodeFlow),
            _ => null,
        });
    }
}
