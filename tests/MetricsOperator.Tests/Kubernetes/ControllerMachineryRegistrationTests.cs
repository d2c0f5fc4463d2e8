using k8s;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Kubernetes;
using MetricsOperator.Kubernetes.Apply;
using MetricsOperator.Kubernetes.Events;
using MetricsOperator.Kubernetes.LeaderElection;
using MetricsOperator.Kubernetes.ListWatch;

namespace MetricsOperator.Tests.Kubernetes;

public sealed class ControllerMachineryRegistrationTests
{
    [Test]
    public void The_machinery_resolves_with_one_recorder_and_one_leader_host()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IKubernetes>(new k8s.Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:6443" }));
        services.AddControllerMachinery(
            new LeaderElectionOptions { Identity = "pod-a", LeaseNamespace = "ops" },
            new EventRecorderOptions { ReportingInstance = "pod-a" },
            new ResourceScopes([typeof(MetricsBackend)]));

        using var provider = services.BuildServiceProvider();

        var hosted = provider.GetServices<IHostedService>().ToList();
        Assert.That(hosted, Has.Exactly(1).InstanceOf<KubernetesEventRecorder>());
        Assert.That(hosted, Has.Exactly(1).InstanceOf<LeaderElectedControllerHost>());
        Assert.That(provider.GetRequiredService<IEventRecorder>(), Is.SameAs(hosted.OfType<KubernetesEventRecorder>().Single()));
        Assert.That(provider.GetRequiredService<IKubernetesResourceClient>(), Is.InstanceOf<KubernetesResourceClient>());
        Assert.That(provider.GetRequiredService<ResourceScopes>().IsClusterScoped(typeof(MetricsBackend), MetricsBackend.KubeGroup, MetricsBackend.KubeKind), Is.True);
    }
}
