using k8s;
using MetricsOperator.Kubernetes.Apply;
using MetricsOperator.Kubernetes.Controllers;
using MetricsOperator.Kubernetes.Events;
using MetricsOperator.Kubernetes.LeaderElection;
using MetricsOperator.Kubernetes.ListWatch;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MetricsOperator.Kubernetes;

/// <summary>
/// Registers the generic controller machinery: the resource client, controller metrics, the event recorder and the
/// leader-elected host that runs every registered <see cref="ILeaderWork"/>. Expects an <see cref="IKubernetes"/> (for its
/// connection only: every call goes through <see cref="IKubernetesResourceClient"/>).
/// </summary>
internal static class ControllerMachineryRegistration
{
    public static IServiceCollection AddControllerMachinery(
        this IServiceCollection services, LeaderElectionOptions leaderElection, EventRecorderOptions events, ResourceScopes? scopes = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(leaderElection);
        ArgumentNullException.ThrowIfNull(events);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<ControllerMetrics>();
        services.AddSingleton(scopes ?? ResourceScopes.BuiltIn);
        services.AddSingleton<IKubernetesResourceClient>(sp => new KubernetesResourceClient(
            KubernetesApiEndpoint.FromClient((k8s.Kubernetes)sp.GetRequiredService<IKubernetes>()), sp.GetRequiredService<ResourceScopes>()));
        services.AddSingleton(leaderElection);
        services.AddSingleton(events);
        services.AddSingleton<KubernetesEventRecorder>();
        services.AddSingleton<IEventRecorder>(sp => sp.GetRequiredService<KubernetesEventRecorder>());
        services.AddHostedService(sp => sp.GetRequiredService<KubernetesEventRecorder>());
        services.AddSingleton<LeaderElectedControllerHost>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaderElectedControllerHost>());
        return services;
    }
}
