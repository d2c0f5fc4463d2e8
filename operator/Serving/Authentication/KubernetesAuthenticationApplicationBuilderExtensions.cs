namespace MetricsOperator.Serving.Authentication;

internal static class KubernetesAuthenticationApplicationBuilderExtensions
{
    /// <summary>
    /// Adds the authentication middleware: every later stage sees the caller through
    /// <see cref="HttpContextAuthenticationExtensions.GetKubernetesUser"/>. Place it before authorization and the API.
    /// </summary>
    public static IApplicationBuilder UseKubernetesAuthentication(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetService<KubernetesAuthenticationOptions>() is null)
        {
            throw new InvalidOperationException("UseKubernetesAuthentication needs AddKubernetesAuthentication(...) in the service collection first");
        }

        return app.UseMiddleware<KubernetesAuthenticationMiddleware>();
    }
}
