using k8s.Models;

namespace MetricsOperator.Tests.Manifests;

/// <summary>The Deployment, its PodDisruptionBudget and namespace: highly available, probed, restricted.</summary>
[TestFixture]
internal sealed class DeploymentManifestTests
{
    private static readonly Dictionary<string, string> PodLabels = new() { ["app.kubernetes.io/name"] = "metrics-operator" };

    private List<object> _objects = [];

    [OneTimeSetUp]
    public async Task RenderAsync() =>
        _objects = KustomizeRenderer.LoadStrictly(await KustomizeRenderer.RenderAsync(KustomizeRenderer.ManifestsDirectory));

    private V1Deployment Deployment => _objects.Single<V1Deployment>("metrics-operator");

    private V1PodSpec Pod => Deployment.Spec.Template.Spec;

    private V1Container Container => Pod.Containers.Single();

    [Test]
    public void TwoReplicasRollOutWithoutLosingOne()
    {
        var strategy = Deployment.Spec.Strategy;

        Assert.Multiple(() =>
        {
            Assert.That(Deployment.Spec.Replicas, Is.EqualTo(2));
            Assert.That(Deployment.Spec.Selector.MatchLabels, Is.EqualTo(PodLabels));
            Assert.That(Deployment.Spec.Template.Metadata.Labels, Is.EqualTo(PodLabels));
            Assert.That(strategy.Type, Is.EqualTo("RollingUpdate"));
            Assert.That(strategy.RollingUpdate.MaxUnavailable?.Value, Is.EqualTo("0"));
            Assert.That(strategy.RollingUpdate.MaxSurge?.Value, Is.EqualTo("1"));
        });
    }

    [Test]
    public void ReplicasAreRequiredToRunOnDifferentNodes()
    {
        var term = Pod.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution.Single();

        Assert.That(term.TopologyKey, Is.EqualTo("kubernetes.io/hostname"));
        Assert.That(term.LabelSelector.MatchLabels, Is.EqualTo(PodLabels));
    }

    [Test]
    public void ADisruptionBudgetKeepsOneReplica()
    {
        var budget = _objects.Single<V1PodDisruptionBudget>("metrics-operator");

        Assert.That(budget.Spec.MinAvailable?.Value, Is.EqualTo("1"));
        Assert.That(budget.Spec.Selector.MatchLabels, Is.EqualTo(PodLabels));
    }

    [Test]
    public void TheHttpsPortServesTheProbesAndMatchesTheFlag()
    {
        var port = Container.Ports.Single();

        Assert.Multiple(() =>
        {
            Assert.That((port.Name, port.ContainerPort, port.Protocol), Is.EqualTo(("https", 4443, "TCP")));
            Assert.That(Container.Args, Is.EqualTo(new[] { "run", "--secure-port=4443", "--lease-name=metrics-operator-leader", "--log-format=json" }));
            foreach (var (probe, path) in new[] { (Container.LivenessProbe, "/livez"), (Container.ReadinessProbe, "/readyz"), (Container.StartupProbe, "/livez") })
            {
                Assert.That(probe?.HttpGet, Is.Not.Null, path);
                Assert.That((probe!.HttpGet.Path, probe.HttpGet.Port.Value, probe.HttpGet.Scheme), Is.EqualTo((path, "https", "HTTPS")));
            }
        });
    }

    [Test]
    public void TheArgumentsAreAcceptedByTheOperatorsCommandLine()
    {
        // The pod's environment as the downward API fills it; the rest must come from the args alone.
        var environment = new Dictionary<string, string> { ["POD_NAME"] = "metrics-operator-0", ["POD_NAMESPACE"] = "metrics-operator" };
        var binding = new MetricsOperator.Cli.ProcessOptionsBinding(name => environment.GetValueOrDefault(name));
        var command = new System.CommandLine.RootCommand();
        binding.AddTo(command);

        var result = command.Parse(Container.Args.Skip(1).ToArray());
        var options = binding.Read(result, out var errors);

        Assert.Multiple(() =>
        {
            Assert.That(Container.Args[0], Is.EqualTo("run"));
            Assert.That(result.Errors.Select(error => error.Message), Is.Empty);
            Assert.That(errors, Is.Empty);
            Assert.That(options.SecurePort, Is.EqualTo(Container.Ports.Single().ContainerPort));
            Assert.That(options.Namespace, Is.EqualTo("metrics-operator"));
        });
    }

    [Test]
    public void TheSecurityContextIsRestricted()
    {
        var container = Container.SecurityContext;

        Assert.Multiple(() =>
        {
            Assert.That(Pod.SecurityContext.RunAsNonRoot, Is.True);
            Assert.That(Pod.SecurityContext.SeccompProfile.Type, Is.EqualTo("RuntimeDefault"));
            Assert.That(container.RunAsNonRoot, Is.True);
            Assert.That(container.AllowPrivilegeEscalation, Is.False);
            Assert.That(container.ReadOnlyRootFilesystem, Is.True);
            Assert.That(container.Capabilities.Drop, Is.EqualTo(new[] { "ALL" }));
            Assert.That(container.Capabilities.Add, Is.Null);
            Assert.That(container.SeccompProfile.Type, Is.EqualTo("RuntimeDefault"));
            Assert.That(Pod.HostNetwork, Is.Null.Or.False, "host networking is the opt-in component's");
            Assert.That(_objects.Single<V1Namespace>("metrics-operator").Metadata.Labels["pod-security.kubernetes.io/enforce"], Is.EqualTo("restricted"));
        });
    }

    [Test]
    public void TmpIsAWritableEmptyDir()
    {
        var mount = Container.VolumeMounts.Single();

        Assert.That(mount.MountPath, Is.EqualTo("/tmp"));
        Assert.That(Pod.Volumes.Single(v => v.Name == mount.Name).EmptyDir, Is.Not.Null);
    }

    [Test]
    public void ThePodIsCriticalSizedAndKnowsItsNameAndNamespace()
    {
        var env = Container.Env.ToDictionary(e => e.Name, e => e.ValueFrom?.FieldRef?.FieldPath);

        Assert.Multiple(() =>
        {
            Assert.That(Pod.PriorityClassName, Is.EqualTo("system-cluster-critical"));
            Assert.That(Container.Resources.Requests["cpu"].ToString(), Is.EqualTo("100m"));
            Assert.That(Container.Resources.Requests["memory"].ToString(), Is.EqualTo("200Mi"));
            Assert.That(Container.Resources.Limits, Does.ContainKey("memory").And.Not.ContainKey("cpu"));
            Assert.That(env, Is.EqualTo(new Dictionary<string, string?> { ["POD_NAME"] = "metadata.name", ["POD_NAMESPACE"] = "metadata.namespace" }));
        });
    }

    [Test]
    public void ThePodRunsAsTheOperatorsServiceAccountWithAToken()
    {
        var account = _objects.OfType<V1ServiceAccount>().Single();

        Assert.That(Pod.ServiceAccountName, Is.EqualTo(account.Metadata.Name));
        Assert.That(Pod.AutomountServiceAccountToken, Is.True);
    }

    [Test]
    public void TheImageIsSetByKustomize()
    {
        Assert.That(Container.Image, Is.EqualTo("metrics-operator:dev"), "kustomization.yaml images: sets the tag");
    }
}
