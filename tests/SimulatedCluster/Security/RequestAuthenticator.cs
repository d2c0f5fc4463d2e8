using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;

namespace MetricsOperator.SimulatedCluster.Security;

/// <summary>
/// kube-apiserver's authenticator union as far as the stand-in needs it: a client certificate from the client CA
/// (CN = user, O = groups), the aggregator's front-proxy certificate with <c>X-Remote-*</c> headers, or a bearer
/// token of a ServiceAccount. Returns <see cref="SystemGroups.Anonymous"/> when no credentials were presented and
/// null when they were presented but are not valid: the REST layer answers that with 401 Unauthorized.
/// </summary>
internal sealed class RequestAuthenticator : IRequestAuthenticator
{
    private const string CommonNameOid = "2.5.4.3";
    private const string OrganizationOid = "2.5.4.10";

    private readonly ClusterAuthorities _authorities;
    private readonly ServiceAccountTokenAuthenticator _tokens;

    // The TLS layer hands the same certificate object to every request of a connection: verify each chain once.
    private readonly ConditionalWeakTable<X509Certificate2, StrongBox<CertificateKind>> _verdicts = [];

    public RequestAuthenticator(ClusterAuthorities authorities, ServiceAccountTokenAuthenticator tokens)
    {
        _authorities = authorities;
        _tokens = tokens;
    }

    private enum CertificateKind
    {
        Untrusted,
        User,
        FrontProxy,
    }

    public ValueTask<UserIdentity?> AuthenticateAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var presented = false;
        if (context.Connection.ClientCertificate is { } certificate)
        {
            presented = true;
            var kind = _verdicts.GetValue(certificate, c => new StrongBox<CertificateKind>(Classify(c))).Value;
            if (kind == CertificateKind.User)
            {
                return ValueTask.FromResult<UserIdentity?>(FromCertificate(certificate));
            }

            if (kind == CertificateKind.FrontProxy && FromRequestHeaders(context.Request.Headers) is { } proxied)
            {
                return ValueTask.FromResult<UserIdentity?>(proxied);
            }
        }

        var authorization = context.Request.Headers.Authorization;
        if (authorization.Count > 0)
        {
            var header = authorization[0] ?? string.Empty;
            const string Scheme = "Bearer ";
            if (authorization.Count == 1 && header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            {
                var user = _tokens.Authenticate(header[Scheme.Length..].Trim());
                return ValueTask.FromResult(user);
            }

            return ValueTask.FromResult<UserIdentity?>(null);
        }

        return ValueTask.FromResult(presented ? null : SystemGroups.Anonymous);
    }

    /// <summary>The user a client certificate names: CN, and each O as a group, plus system:authenticated.</summary>
    public static UserIdentity FromCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        string? user = null;
        var groups = new List<string>();
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            var oid = rdn.GetSingleElementType().Value;
            var value = rdn.GetSingleElementValue();
            if (oid == CommonNameOid)
            {
                user = value;
            }
            else if (oid == OrganizationOid && !string.IsNullOrEmpty(value))
            {
                groups.Add(value);
            }
        }

        return new UserIdentity(user ?? string.Empty, SystemGroups.WithAuthenticated(groups));
    }

    private static UserIdentity? FromRequestHeaders(IHeaderDictionary headers)
    {
        var user = headers[RequestHeaderNames.User].FirstOrDefault(v => !string.IsNullOrEmpty(v));
        if (user is null)
        {
            return null;
        }

        var groups = headers[RequestHeaderNames.Group].SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        return new UserIdentity(user, groups.ToList());
    }

    private CertificateKind Classify(X509Certificate2 certificate)
    {
        if (_authorities.ClientCa.IsValidClientCertificate(certificate))
        {
            return CertificateKind.User;
        }

        return _authorities.FrontProxyCa.IsValidClientCertificate(certificate)
            && certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) == ClusterAuthorities.FrontProxyClientName
            ? CertificateKind.FrontProxy
            : CertificateKind.Untrusted;
    }
}
