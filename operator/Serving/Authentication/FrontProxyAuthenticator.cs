using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Primitives;

namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// The front-proxy (request-header) authenticator: when the client certificate verifies against the request-header
/// CA and its CN is an allowed name (any, if none are listed), the end user is read from the headers: the first
/// non-empty username header, every value of every group header, and each extra header (key from its name after
/// the prefix). A certificate that fails either check is refused; a valid one without a username vouches for nobody.
/// </summary>
internal sealed class FrontProxyAuthenticator : IRequestAuthenticator
{
    private readonly ClientCertificateVerifier _verifier;

    public FrontProxyAuthenticator(TimeProvider timeProvider, AuthenticationMetrics? metrics = null) =>
        _verifier = new ClientCertificateVerifier(timeProvider, metrics);

    public AuthenticationMethod Method => AuthenticationMethod.FrontProxy;

    public ValueTask<AuthenticationOutcome> AuthenticateAsync(HttpContext context, AuthenticationConfig config)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(config);
        return ValueTask.FromResult(Authenticate(context.Connection.ClientCertificate, context.Request.Headers, config.RequestHeader));
    }

    public AuthenticationOutcome Authenticate(X509Certificate2? certificate, IHeaderDictionary headers, RequestHeaderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(settings);
        if (certificate is null || settings.Authorities is not { } authorities)
        {
            return AuthenticationOutcome.NotApplicable;
        }

        var verification = _verifier.Verify(certificate, authorities);
        if (verification.Error is { } error)
        {
            return AuthenticationOutcome.Failed(error);
        }

        var commonName = verification.Subject.CommonName;
        if (!settings.Allows(commonName))
        {
            return AuthenticationOutcome.Failed($"x509: subject with cn={commonName} is not in the allowed list");
        }

        var name = FirstValue(headers, settings.UsernameHeaders);
        if (name is null)
        {
            return AuthenticationOutcome.NotApplicable;
        }

        return AuthenticationOutcome.Authenticated(new KubernetesUser(
            name,
            AllValues(headers, settings.GroupHeaders),
            FirstValue(headers, settings.UidHeaders),
            ExtraOf(headers, settings.ExtraHeaderPrefixes)));
    }

    private static string? FirstValue(IHeaderDictionary headers, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            if (headers.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]))
            {
                return values[0];
            }
        }

        return null;
    }

    private static List<string> AllValues(IHeaderDictionary headers, IReadOnlyList<string> names)
    {
        var all = new List<string>();
        foreach (var name in names)
        {
            if (headers.TryGetValue(name, out var values))
            {
                foreach (var value in values)
                {
                    if (!string.IsNullOrEmpty(value))
                    {
                        all.Add(value);
                    }
                }
            }
        }

        return all;
    }

    private static Dictionary<string, IReadOnlyList<string>>? ExtraOf(IHeaderDictionary headers, IReadOnlyList<string> prefixes)
    {
        Dictionary<string, IReadOnlyList<string>>? extra = null;
        foreach (var prefix in prefixes)
        {
            foreach (var (headerName, values) in headers)
            {
                if (headerName.Length <= prefix.Length || !headerName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                extra ??= new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
                var key = ExtraHeaderKey.Decode(headerName.AsSpan(prefix.Length));
                var list = extra.TryGetValue(key, out var existing) ? (List<string>)existing : [];
                AppendAll(list, values);
                extra[key] = list;
            }
        }

        return extra;
    }

    private static void AppendAll(List<string> list, StringValues values)
    {
        foreach (var value in values)
        {
            list.Add(value ?? string.Empty);
        }
    }
}
