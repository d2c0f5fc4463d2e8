using System.Security.Cryptography.X509Certificates;

namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// The x509 authenticator: a client certificate that verifies against the client CA names the user by its CN and
/// the groups by its O values. One that does not verify is refused; one without a CN names nobody.
/// </summary>
internal sealed class ClientCertificateAuthenticator : IRequestAuthenticator
{
    private readonly ClientCertificateVerifier _verifier;

    public ClientCertificateAuthenticator(TimeProvider timeProvider, AuthenticationMetrics? metrics = null) =>
        _verifier = new ClientCertificateVerifier(timeProvider, metrics);

    public AuthenticationMethod Method => AuthenticationMethod.ClientCertificate;

    public ValueTask<AuthenticationOutcome> AuthenticateAsync(HttpContext context, AuthenticationConfig config)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(config);
        return ValueTask.FromResult(Authenticate(context.Connection.ClientCertificate, config.ClientAuthorities));
    }

    public AuthenticationOutcome Authenticate(X509Certificate2? certificate, CertificateAuthorityBundle? authorities)
    {
        if (certificate is null || authorities is null)
        {
            return AuthenticationOutcome.NotApplicable;
        }

        var verification = _verifier.Verify(certificate, authorities);
        if (verification.Error is { } error)
        {
            return AuthenticationOutcome.Failed(error);
        }

        var subject = verification.Subject;
        return subject.CommonName.Length == 0
            ? AuthenticationOutcome.NotApplicable
            : AuthenticationOutcome.Authenticated(new KubernetesUser(subject.CommonName, subject.Organizations));
    }
}
