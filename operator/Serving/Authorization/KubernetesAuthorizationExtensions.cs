using MetricsOperator.Serving.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MetricsOperator.Serving.Authorization;

internal static class KubernetesAuthorizationExtensions
{
    /// <summary>
    /// Registers authorization of callers. Unless an <see cref="ISubjectAccessReviewer"/> is already registered,
    /// reviews go to the API server (needs an <c>IKubernetes</c> for its connection), with the registered
    /// <c>IKubernetesResourceClient</c> if there is one (see <see cref="KubernetesApiAccess"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public static IServiceCollection AddKubernetesAuthorization(this IServiceCollection services, KubernetesAuthorizationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        options ??= new KubernetesAuthorizationOptions();
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"invalid authorization options: {string.Join("; ", problems)}", nameof(options));
        }

        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<AuthorizationMetrics>();
        services.TryAddSingleton<ISubjectAccessReviewer>(provider => new KubernetesSubjectAccessReviewer(KubernetesApiAccess.ResourceClient(provider)));
        services.AddSingleton<CachingSubjectAccessReviewer>();
        return services;
    }

    /// <summary>Adds the authorization middleware; place it after <c>UseKubernetesAuthentication</c> and before the API.</summary>
    public static IApplicationBuilder UseKubernetesAuthorization(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetService<KubernetesAuthorizationOptions>() is null)
        {
            throw new InvalidOperationException("UseKubernetesAuthorization needs AddKubernetesAuthorization(...) in the service collection first");
        }

        return app.UseMiddleware<KubernetesAuthorizationMiddleware>();
    }
}
