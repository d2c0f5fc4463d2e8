using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MetricsOperator.Serving.Tls;

/// <summary>Registration of the serving certificate parts.</summary>
internal static class ServingCertificateRegistration
{
    /// <summary>
    /// Registers <see cref="ServingCertificateSource"/>, the <see cref="ServingCertificateSecretHandler"/> (to be
    /// attached to an informer on the serving Secret in <see cref="ServingCertificateMode.Secret"/> mode) and, in
    /// <see cref="ServingCertificateMode.Files"/> mode, the <see cref="ServingCertificateFileWatcher"/> as a hosted service.
    /// </summary>
    public static IServiceCollection AddServingCertificate(this IServiceCollection services, ServingCertificateOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<ServingCertificateSource>();
        services.AddSingleton<ServingCertificateSecretHandler>();
        if (options.Mode == ServingCertificateMode.Files)
        {
            services.AddSingleton<ServingCertificateFileWatcher>();
            services.AddHostedService(static provider => provider.GetRequiredService<ServingCertificateFileWatcher>());
        }

        return services;
    }
}
