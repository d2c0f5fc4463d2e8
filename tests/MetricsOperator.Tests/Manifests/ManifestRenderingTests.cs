using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MetricsOperator.Tests.Api.V1Alpha1;
using YamlDotNet.Core;

namespace MetricsOperator.Tests.Manifests;

/// <summary><c>kubectl kustomize manifests</c> renders offline, alone and with each component, into strictly typed objects.</summary>
[TestFixture]
internal sealed class ManifestRenderingTests
{
    private const string OperatorNamespace = "metrics-operator";

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task TheBaseRendersExactlyTheOperatorsObjects(string kubectlVersion)
    {
        var objects = KustomizeRenderer.LoadStrictly(await KustomizeRenderer.RenderAsync(KustomizeRenderer.ManifestsDirectory, kubectlVersion));

        var kinds = objects.Cast<IKubernetesObject<V1ObjectMeta>>().Select(o => $"{o.Kind}/{o.Metadata.Name}");
        Assert.That(kinds, Is.EquivalentTo(new[]
        {
            "Namespace/metrics-operator",
            "CustomResourceDefinition/metricsbackends.metricsoperator.dev",
            "ServiceAccount/metrics-operator",
            "ClusterRole/metrics-operator",
            "ClusterRoleBinding/metrics-operator",
            "ClusterRoleBinding/metrics-operator:system:auth-delegator",
            "Role/metrics-operator",
            "RoleBinding/metrics-operator",
            "RoleBinding/metrics-operator:auth-reader",
            "Deployment/metrics-operator",
            "PodDisruptionBudget/metrics-operator",
        }), "the Service and the APIService are the operator's to reconcile, not the manifests'");
    }

    [Test]
    public async Task NamespacedObjectsAreInTheOperatorNamespaceExceptTheAuthenticationReaderBinding()
    {
        var objects = KustomizeRenderer.LoadStrictly(await KustomizeRenderer.RenderAsync(KustomizeRenderer.ManifestsDirectory));

        var namespaces = objects.Cast<IKubernetesObject<V1ObjectMeta>>().ToDictionary(o => $"{o.Kind}/{o.Metadata.Name}", o => o.Metadata.NamespaceProperty);
        Assert.Multiple(() =>
        {
            foreach (var (key, ns) in namespaces)
            {
                var expected = key switch
                {
                    "RoleBinding/metrics-operator:auth-reader" => "kube-system",
                    _ when key.StartsWith("Namespace/", StringComparison.Ordinal) || key.StartsWith("Custom", StringComparison.Ordinal)
                        || key.StartsWith("Cluster", StringComparison.Ordinal) => null,
                    _ => OperatorNamespace,
                };
                Assert.That(ns, Is.EqualTo(expected), key);
            }
        });
    }

    [Test]
    public async Task TheRenderedCrdIsTheHandWrittenOne()
    {
        var objects = KustomizeRenderer.LoadStrictly(await KustomizeRenderer.RenderAsync(KustomizeRenderer.ManifestsDirectory));

        var crd = objects.OfType<V1CustomResourceDefinition>().Single();
        // kustomize sorts keys, so compare the JSON trees, not the text.
        Assert.That(
            JsonNode.DeepEquals(JsonNode.Parse(KubernetesJson.Serialize(crd)), JsonNode.Parse(KubernetesJson.Serialize(MetricsBackendCrd.Definition))),
            Is.True);
    }

    [Test]
    public void StrictLoadingRefusesAnUnknownField()
    {
        const string Misspelt = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replica: 2\n";

        Assert.That(() => KustomizeRenderer.LoadStrictly(Misspelt), Throws.InstanceOf<YamlException>());
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task TheHostNetworkComponentRunsInTheNodesNetworkInAPrivilegedNamespace(string kubectlVersion)
    {
        var objects = KustomizeRenderer.LoadStrictly(await KustomizeRenderer.RenderOverlayAsync(["host-network"], kubectlVersion: kubectlVersion));

        var pod = objects.Single<V1Deployment>("metrics-operator").Spec.Template.Spec;
        Assert.Multiple(() =>
        {
            Assert.That(pod.HostNetwork, Is.True);
            Assert.That(pod.DnsPolicy, Is.EqualTo("ClusterFirstWithHostNet"));
            Assert.That(pod.Containers[0].Ports.Single().ContainerPort, Is.EqualTo(4443));
            Assert.That(objects.Single<V1Namespace>(OperatorNamespace).Metadata.Labels["pod-security.kubernetes.io/enforce"], Is.EqualTo("privileged"));
        });
    }

    [Test]
    public async Task TheHostNetworkPortChangesWithThePatchItsKustomizationDocuments()
    {
        var objects = KustomizeRenderer.LoadStrictly(await KustomizeRenderer.RenderOverlayAsync(["host-network"], DocumentedPatch("host-network")));

        var container = objects.Single<V1Deployment>("metrics-operator").Spec.Template.Spec.Containers.Single();
        Assert.That(container.Args, Does.Contain("--secure-port=10251").And.Not.Contain("--secure-port=4443"));
        Assert.That(container.Ports.Single(), Has.Property(nameof(V1ContainerPort.Name)).EqualTo("https").And.Property(nameof(V1ContainerPort.ContainerPort)).EqualTo(10251));
    }

    [Test]
    public async Task ThePrometheusAccountChangesWithThePatchTheMonitoringKustomizationDocuments()
    {
        var objects = KustomizeRenderer.LoadStrictly(await KustomizeRenderer.RenderOverlayAsync(["monitoring"], DocumentedPatch("monitoring")));

        var subject = objects.Single<V1ClusterRoleBinding>("metrics-operator:metrics-scraper").Subjects.Single();
        Assert.That((subject.Kind, subject.Name, subject.NamespaceProperty), Is.EqualTo(("ServiceAccount", "prometheus", "observability")));
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task TheMonitoringComponentAddsAServiceMonitorAndAMetricsReaderForPrometheus(string kubectlVersion)
    {
        var objects = KustomizeRenderer.LoadStrictly(await KustomizeRenderer.RenderOverlayAsync(["monitoring"], kubectlVersion: kubectlVersion));

        var monitor = objects.OfType<Dictionary<object, object>>().Single();
        var endpoint = monitor.At("spec", "endpoints", 0);
        var role = objects.Single<V1ClusterRole>("metrics-operator:metrics-scraper");
        var binding = objects.Single<V1ClusterRoleBinding>("metrics-operator:metrics-scraper");
        Assert.Multiple(() =>
        {
            Assert.That(monitor.At("kind"), Is.EqualTo("ServiceMonitor"));
            Assert.That(monitor.At("metadata", "namespace"), Is.EqualTo(OperatorNamespace));
            Assert.That(monitor.At("spec", "namespaceSelector", "matchNames", 0), Is.EqualTo(OperatorNamespace));
            Assert.That(monitor.At("spec", "selector", "matchLabels", "app.kubernetes.io/managed-by"), Is.EqualTo("metrics-operator"));
            Assert.That(endpoint.At("port"), Is.EqualTo("https"));
            Assert.That(endpoint.At("path"), Is.EqualTo("/metrics"));
            Assert.That(endpoint.At("scheme"), Is.EqualTo("https"));
            Assert.That(endpoint.At("tlsConfig", "serverName"), Is.EqualTo("metrics-operator.metrics-operator.svc"));
            Assert.That(endpoint.At("tlsConfig", "ca", "secret", "name"), Is.EqualTo("metrics-operator-serving-cert"));
            Assert.That(role.Rules.Single().NonResourceURLs, Is.EqualTo(new[] { "/metrics" }));
            Assert.That(role.Rules.Single().Verbs, Is.EqualTo(new[] { "get" }));
            Assert.That(binding.RoleRef.Name, Is.EqualTo(role.Metadata.Name));
            Assert.That(binding.Subjects.Single(), Has.Property("Kind").EqualTo("ServiceAccount").And.Property("Name").EqualTo("prometheus-k8s").And.Property("NamespaceProperty").EqualTo("monitoring"));
        });
    }

    /// <summary>The <c>patches:</c> example in a component's kustomization.yaml comments, uncommented.</summary>
    private static string DocumentedPatch(string component)
    {
        var lines = File.ReadAllLines(Path.Combine(KustomizeRenderer.ComponentDirectory(component), "kustomization.yaml"))
            .SkipWhile(line => line != "#   patches:")
            .TakeWhile(line => line.StartsWith("#   ", StringComparison.Ordinal))
            .Select(line => line["#   ".Length..])
            .ToList();
        return lines.Count > 1 ? string.Join('\n', lines) + "\n" : throw new InvalidOperationException($"{component}: no documented patch");
    }
}
