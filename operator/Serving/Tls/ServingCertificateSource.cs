using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace MetricsOperator.Serving.Tls;

/// <summary>What an attempt to replace the serving certificate did.</summary>
internal enum CertificateUpdateOutcome
{
    Applied,

    /// <summary>The same PEM as the certificate already served.</summary>
    Unchanged,

    /// <summary>Invalid; the previous certificate stays. The reason says why.</summary>
    Rejected,
}

internal readonly record struct CertificateUpdateResult(CertificateUpdateOutcome Outcome, string? Reason = null);

/// <summary>
/// The certificate Kestrel serves, chosen per TLS handshake through a certificate selector: replacing it needs
/// no restart, and connections already established keep the certificate they were opened with. Starts with a
/// generated certificate (a bootstrap stand-in unless nothing else is configured); an invalid replacement is
/// refused with its reason logged and the current certificate stays.
/// </summary>
internal sealed partial class ServingCertificateSource
{
    private readonly TimeProvider _time;
    private readonly ILogger<ServingCertificateSource> _logger;
    private readonly Lock _updateLock = new();
    private ServingCertificate _current;
    private byte[] _currentInput = [];
    private string? _lastRejection;

    public ServingCertificateSource(ServingCertificateOptions options, TimeProvider time, ILogger<ServingCertificateSource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid serving certificate options: " + string.Join("; ", problems), nameof(options));
        }

        _time = time;
        _logger = logger;
        var generated = GeneratedServingCertificate.Create(options.DnsNames, time.GetUtcNow(), options.GeneratedValidity);
        var origin = options.Mode == ServingCertificateMode.SelfSigned ? ServingCertificateOrigin.SelfSigned : ServingCertificateOrigin.Bootstrap;
        _current = new ServingCertificate(generated, [], origin);
    }

    /// <summary>Raised after a new certificate was applied (not for refused or unchanged ones).</summary>
    public event Action<ServingCertificate>? Changed;

    public ServingCertificate Current => Volatile.Read(ref _current);

    /// <summary>True while the bootstrap stand-in is served; the readiness check fails meanwhile.</summary>
    public bool IsBootstrap => Current.IsBootstrap;

    /// <summary>Entry point for the operator's Secret (keys tls.crt, tls.key, ca.crt).</summary>
    public CertificateUpdateResult UpdateFromPem(string certificatePem, string keyPem, string? caPem) =>
        Update(certificatePem, keyPem, caPem, ServingCertificateOrigin.Secret);

    public CertificateUpdateResult Update(string certificatePem, string keyPem, string? caPem, ServingCertificateOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(certificatePem);
        ArgumentNullException.ThrowIfNull(keyPem);
        var input = Fingerprint(certificatePem, keyPem, caPem);
        ServingCertificate applied;
        lock (_updateLock)
        {
            if (input.AsSpan().SequenceEqual(_currentInput))
            {
                return new CertificateUpdateResult(CertificateUpdateOutcome.Unchanged);
            }

            if (!PemServingCertificateReader.TryRead(certificatePem, keyPem, caPem, origin, _time.GetUtcNow(), out var loaded, out var reason))
            {
                NoteRejection(origin, reason);
                return new CertificateUpdateResult(CertificateUpdateOutcome.Rejected, reason);
            }

            // The replaced certificate is not disposed: a handshake may still be using it; the GC reclaims it.
            Volatile.Write(ref _current, loaded);
            _currentInput = input;
            _lastRejection = null;
            applied = loaded;
        }

        var certificate = applied.Certificate;
        LogApplied(applied.Origin, certificate.Subject, certificate.NotAfter.ToUniversalTime(), certificate.Thumbprint);
        Changed?.Invoke(applied);
        return new CertificateUpdateResult(CertificateUpdateOutcome.Applied);
    }

    /// <summary>
    /// Logs a reason the configured source could not deliver a certificate (an unreadable file, say); repeated
    /// identical reasons are logged once.
    /// </summary>
    public void Reject(ServingCertificateOrigin origin, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        lock (_updateLock)
        {
            NoteRejection(origin, reason);
        }
    }

    /// <summary>
    /// The Kestrel hook: TLS 1.2 or later and the current certificate per handshake. Client certificate settings
    /// are left to the authentication part.
    /// </summary>
    public void ConfigureHttps(HttpsConnectionAdapterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
        options.ServerCertificateSelector = (_, _) => Current.Certificate;
    }

    // Called with _updateLock held.
    private void NoteRejection(ServingCertificateOrigin origin, string reason)
    {
        var rejection = $"{origin}: {reason}";
        if (string.Equals(rejection, _lastRejection, StringComparison.Ordinal))
        {
            return;
        }

        _lastRejection = rejection;
        LogRejected(origin, reason, Current.Origin);
    }

    private static byte[] Fingerprint(string certificatePem, string keyPem, string? caPem)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in (ReadOnlySpan<string?>)[certificatePem, keyPem, caPem ?? string.Empty])
        {
            hash.AppendData(Encoding.UTF8.GetBytes(part!));
            hash.AppendData([0]);
        }

        return hash.GetHashAndReset();
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Serving certificate from {Origin} applied: {Subject}, valid until {NotAfter:u}, thumbprint {Thumbprint}")]
    private partial void LogApplied(ServingCertificateOrigin origin, string subject, DateTime notAfter, string thumbprint);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Serving certificate from {Origin} refused: {Reason}; still serving the {Current} certificate")]
    private partial void LogRejected(ServingCertificateOrigin origin, string reason, ServingCertificateOrigin current);
}
