using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;

namespace MetricsOperator.Scraping;

/// <summary>
/// How the scraper proves who it is to kubelets, and which CA the cluster uses by default. Like metrics-server,
/// these are taken from the API server client configuration: its bearer token (or token file / token provider),
/// basic credentials, client certificate and cluster CA.
/// </summary>
internal sealed class KubeletCredentials : IDisposable
{
    /// <summary>Where Kubernetes mounts the ServiceAccount token in a pod.</summary>
    public const string ServiceAccountTokenPath = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    private readonly IKubeletAuthorization? _authorization;

    public KubeletCredentials(IKubeletAuthorization? authorization, X509Certificate2? clientCertificate, X509Certificate2Collection? clusterCa)
    {
        _authorization = authorization;
        ClientCertificate = clientCertificate;
        ClusterCa = clusterCa ?? [];
    }

    /// <summary>No credentials and no cluster CA: only for kubelets that allow anonymous access, or tests.</summary>
    public static KubeletCredentials Anonymous => new(null, null, null);

    public X509Certificate2? ClientCertificate { get; }

    /// <summary>The cluster CA of the client configuration; kubelet certificates are verified against it unless a bundle is configured.</summary>
    public X509Certificate2Collection ClusterCa { get; }

    public bool HasAuthorization => _authorization is not null;

    /// <summary>
    /// Builds credentials from the client configuration. <paramref name="tokenFile"/> (in a pod:
    /// <see cref="ServiceAccountTokenPath"/>) takes precedence and is re-read as it rotates; then the configuration's
    /// token provider, its static token and its basic credentials, in that order.
    /// </summary>
    /// <exception cref="KubeletSetupException">The client certificate is incomplete or unreadable.</exception>
    public static KubeletCredentials FromClientConfiguration(KubernetesClientConfiguration config, TimeProvider time, string? tokenFile = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(time);
        var clusterCa = config.SslCaCerts is { Count: > 0 } ca ? new X509Certificate2Collection(ca) : null;
        return new KubeletCredentials(AuthorizationFrom(config, time, tokenFile), ClientCertificateFrom(config), clusterCa);
    }

    public async ValueTask<AuthenticationHeaderValue?> GetAuthorizationAsync(CancellationToken cancellationToken) =>
        _authorization is null ? null : await _authorization.GetHeaderAsync(cancellationToken).ConfigureAwait(false);

    public void Dispose() => ClientCertificate?.Dispose();

    private static IKubeletAuthorization? AuthorizationFrom(KubernetesClientConfiguration config, TimeProvider time, string? tokenFile)
    {
        if (!string.IsNullOrEmpty(tokenFile))
        {
            return new RotatingTokenFile(tokenFile, time);
        }

        if (config.TokenProvider is { } provider)
        {
            return new TokenProviderAuthorization(provider);
        }

        if (!string.IsNullOrEmpty(config.AccessToken))
        {
            return new StaticKubeletAuthorization(new AuthenticationHeaderValue("Bearer", config.AccessToken));
        }

        if (!string.IsNullOrEmpty(config.Username))
        {
            var pair = Convert.ToBase64String(Encoding.UTF8.GetBytes(config.Username + ":" + config.Password));
            return new StaticKubeletAuthorization(new AuthenticationHeaderValue("Basic", pair));
        }

        return null;
    }

    private static X509Certificate2? ClientCertificateFrom(KubernetesClientConfiguration config)
    {
        var hasCertData = !string.IsNullOrEmpty(config.ClientCertificateData);
        var hasKeyData = !string.IsNullOrEmpty(config.ClientCertificateKeyData);
        var hasCertFile = !string.IsNullOrEmpty(config.ClientCertificateFilePath);
        var hasKeyFile = !string.IsNullOrEmpty(config.ClientKeyFilePath);
        try
        {
            if (hasCertData || hasKeyData)
            {
                if (!(hasCertData && hasKeyData))
                {
                    throw new KubeletSetupException("client certificate data and client key data must be given together");
                }

                return X509Certificate2.CreateFromPem(DecodePem(config.ClientCertificateData), DecodePem(config.ClientCertificateKeyData));
            }

            if (hasCertFile || hasKeyFile)
            {
                if (!(hasCertFile && hasKeyFile))
                {
                    throw new KubeletSetupException("client certificate file and client key file must be given together");
                }

                return X509Certificate2.CreateFromPemFile(config.ClientCertificateFilePath, config.ClientKeyFilePath);
            }
        }
        catch (Exception e) when (e is CryptographicException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw new KubeletSetupException($"client certificate could not be loaded: {e.Message}", e);
        }

        return null;
    }

    // kubeconfig *-data fields hold base64 of the PEM text.
    private static string DecodePem(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64));
}
