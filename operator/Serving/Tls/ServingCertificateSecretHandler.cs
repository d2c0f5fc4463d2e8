using System.Text;
using k8s.Models;
using MetricsOperator.Kubernetes.Informers;

namespace MetricsOperator.Serving.Tls;

/// <summary>
/// Feeds <see cref="ServingCertificateSource"/> from the operator's serving Secret (keys tls.crt, tls.key and
/// ca.crt), given an informer watching that one Secret. A deleted or incomplete Secret leaves the current
/// certificate in place: serving goes on with it until a valid one comes back.
/// </summary>
internal sealed partial class ServingCertificateSecretHandler(
    ServingCertificateSource source, ILogger<ServingCertificateSecretHandler> logger) : IInformerEventHandler<V1Secret>
{
    public const string CertificateKey = "tls.crt";
    public const string PrivateKeyKey = "tls.key";
    public const string CaKey = "ca.crt";

    public void OnAdded(V1Secret item) => Apply(item);

    public void OnUpdated(V1Secret previous, V1Secret current) => Apply(current);

    public void OnDeleted(V1Secret item)
    {
        ArgumentNullException.ThrowIfNull(item);
        LogDeleted(NameOf(item));
    }

    /// <summary>Applies the Secret's certificate; its outcome is also logged by the source.</summary>
    public CertificateUpdateResult Apply(V1Secret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var data = secret.Data;
        if (data is null || !data.TryGetValue(CertificateKey, out var certificate) || !data.TryGetValue(PrivateKeyKey, out var key))
        {
            var reason = $"Secret {NameOf(secret)} lacks {CertificateKey} or {PrivateKeyKey}";
            source.Reject(ServingCertificateOrigin.Secret, reason);
            return new CertificateUpdateResult(CertificateUpdateOutcome.Rejected, reason);
        }

        var ca = data.TryGetValue(CaKey, out var caBytes) ? Encoding.UTF8.GetString(caBytes) : null;
        return source.UpdateFromPem(Encoding.UTF8.GetString(certificate), Encoding.UTF8.GetString(key), ca);
    }

    private static string NameOf(V1Secret secret) => $"{secret.Metadata?.NamespaceProperty}/{secret.Metadata?.Name}";

    [LoggerMessage(EventId = 3221, Level = LogLevel.Warning, Message = "Serving certificate Secret {Secret} was deleted; keeping the certificate currently served")]
    private partial void LogDeleted(string secret);
}
