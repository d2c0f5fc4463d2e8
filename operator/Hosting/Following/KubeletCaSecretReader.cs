using System.Net;
using System.Text;
using k8s;
using k8s.Autorest;
using MetricsOperator.Api.V1Alpha1;

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
internal sealed class KubernetesKubeletCaSecretReader(IKubernetes client) : IKubeletCaSecretReader
{
    public async Task<KubeletCaSecretResult> ReadAsync(SecretKeyReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var name = $"Secret {reference.Namespace}/{reference.Name}";
        try
        {
            var secret = await client.CoreV1.ReadNamespacedSecretAsync(reference.Name, reference.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            var key = reference.Key ?? string.Empty;
            return secret.Data is not null && secret.Data.TryGetValue(key, out var bytes)
                ? KubeletCaSecretResult.Found(Encoding.UTF8.GetString(bytes))
                : KubeletCaSecretResult.Missing($"{name} has no key \"{key}\"");
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound)
        {
            return KubeletCaSecretResult.Missing($"{name} does not exist");
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            return KubeletCaSecretResult.Missing($"reading {name} is not allowed ({(int)e.Response.StatusCode}): {e.Response.Content}");
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return KubeletCaSecretResult.Unavailable($"reading {name} failed: {e.Message}");
        }
    }
}
