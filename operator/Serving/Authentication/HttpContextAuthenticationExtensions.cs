namespace MetricsOperator.Serving.Authentication;

internal static class HttpContextAuthenticationExtensions
{
    /// <summary>The caller established by the authentication middleware; null if it has not run for this request.</summary>
    public static KubernetesUser? GetKubernetesUser(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<KubernetesUserFeature>()?.User;
    }
}
