using System.Net;
using System.Text;
using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Kubernetes.Apply;
using MetricsOperator.Kubernetes.ListWatch;

namespace MetricsOperator.Hosting.Following;

/// <summary>The kubelet CA bundle a MetricsBackend refers to, or why it could not be had.</summary>
/// <param name="Transient">The API server could not be asked (network, 5xx): the caller keeps what it has.</param>
internal sealed record KubeletCaSecretResult(string? Pem, string? Problem, bool Transient)
{
    public static KubeletCaSecretResult Found(string pem) => new(pem, null, false);

    public static KubeletCaSecretResult Missing(string problem) => new(null, problem, false);

    public static KubeletCaSecretResult Unavailable(string problem) => new(null, problem, true);
}

/// <summary>Reads the kubelet CA bundle from the Secret key a MetricsBackend's <c>kubeletTLS.caSecretRef</c> names.</summary>
internal interface IKubeletCaSecretReader
{
    Task<KubeletCaSecretResult> ReadAsync(SecretKeyReference reference, CancellationToken cancellationToken);
}

/// <summary><see cref="IKubeletCaSecretReader"/> through the API server (one GET per check).</summary>
internal sealed class KubernetesKubeletCaSecretReader(IKubernetesResourceClient client) : IKubeletCaSecretReader
{
    public async Task<KubeletCaSecretResult> ReadAsync(SecretKeyReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var name = $"Secret {reference.Namespace}/{reference.Name}";
        if (string.IsNullOrEmpty(reference.Name))
        {
            return KubeletCaSecretResult.Missing("the CA Secret reference has no name");
        }

        try
        {
            var secret = await client.GetAsync<V1Secret>(reference.Namespace, reference.Name, cancellationToken).ConfigureAwait(false);
            if (secret is null)
            {
                return KubeletCaSecretResult.Missing($"{name} does not exist");
            }

            var key = reference.Key ?? string.Empty;
            return secret.Data is not null && secret.Data.TryGetValue(key, out var bytes)
                ? KubeletCaSecretResult.Found(Encoding.UTF8.GetString(bytes))
                : KubeletCaSecretResult.Missing($"{name} has no key \"{key}\"");
        }
        catch (KubernetesApiException e) when (e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            return KubeletCaSecretResult.Missing($"reading {name} is not allowed ({(int)e.StatusCode}): {e.Status?.Message ?? e.Message}");
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException or IOException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return KubeletCaSecretResult.Unavailable($"reading {name} failed: {e.Message}");
        }
    }
}
