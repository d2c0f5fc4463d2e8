using System.Security.Cryptography.X509Certificates;

namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// Decides at the TLS handshake whether a client certificate may proceed (see <see cref="ClientCertificateHandshake"/>).
/// In the default per-request mode every certificate (and none) passes and authentication judges it per request;
/// in the strict mode a certificate must chain to the current client or request-header CA.
/// </summary>
internal sealed class ClientCertificateHandshakeValidator
{
    private readonly IAuthenticationConfigSource _configSource;
    private readonly ClientCertificateHandshake _mode;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public ClientCertificateHandshakeValidator(
        IAuthenticationConfigSource configSource,
        KubernetesAuthenticationOptions options,
        TimeProvider timeProvider,
        ILogger<ClientCertificateHandshakeValidator> logger)
    {
        ArgumentNullException.ThrowIfNull(configSource);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        (_configSource, _mode, _timeProvider, _logger) = (configSource, options.ClientCertificateHandshake, timeProvider, logger);
    }

    public bool Accepts(X509Certificate2? certificate)
    {
        if (certificate is null || _mode == ClientCertificateHandshake.VerifyPerRequest)
        {
            return true;
        }

        var config = _configSource.Current;
        var now = _timeProvider.GetUtcNow();
        string? reason = null;
        foreach (var authorities in new[] { config.ClientAuthorities, config.RequestHeader.Authorities })
        {
            if (authorities is null)
            {
                continue;
            }

            var verification = authorities.Verify(certificate, now);
            if (verification.IsValid)
            {
                return true;
            }

            reason ??= verification.Error;
        }

        AuthenticationLog.HandshakeRejected(_logger, reason ?? $"no client or request-header CA is configured to verify {CertificateDescription.Of(certificate)}");
        return false;
    }
}
