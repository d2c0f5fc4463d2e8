namespace MetricsOperator.Serving.Authentication;

/// <summary>The authenticated caller of a request, set by <see cref="KubernetesAuthenticationMiddleware"/>.</summary>
internal sealed class KubernetesUserFeature(KubernetesUser user, AuthenticationMethod method)
{
    public KubernetesUser User { get; } = user;

    public AuthenticationMethod Method { get; } = method;
}
