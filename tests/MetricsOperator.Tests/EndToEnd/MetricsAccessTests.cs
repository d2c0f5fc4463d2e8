using MetricsOperator.Tests.EndToEnd.Testing;

namespace MetricsOperator.Tests.EndToEnd;

/// <summary>
/// Scenario 2: RBAC through the aggregator. A user bound only to <c>view</c> can <c>kubectl top pod</c> in its
/// namespace (metrics-reader is aggregated into view); a user without bindings gets 403; a ServiceAccount named in
/// the spec's extra reader subjects can list pod and node metrics. Any authenticated user can explain the metrics kinds.
/// </summary>
[TestFixture]
[Order(2)]
[NonParallelizable]
internal sealed class MetricsAccessTests
{
    private string _namespace = null!;

    [OneTimeSetUp]
    public async Task BindViewerAsync()
    {
        await EndToEndSandbox.WaitReadyAsync();
        _namespace = EndToEndSandbox.Current.Farm.Nodes[0].Pods[0].Namespace;
        // kubectl create sends protobuf bodies, which the stand-in does not read: apply YAML instead.
        var binding = EndToEndSandbox.Current.Manifest("viewer.yaml", $$"""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: viewer-view
              namespace: {{_namespace}}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
            subjects:
              - {apiGroup: rbac.authorization.k8s.io, kind: User, name: viewer}
            """);
        await EndToEndSandbox.Current.KubectlOkAsync("1.33", "apply", "-f", binding);
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task ViewerCanTopPodsInItsNamespace(string version)
    {
        var viewer = EndToEndSandbox.Current.UserKubeconfig("viewer");
        var expected = EndToEndSandbox.Current.Farm.Nodes.SelectMany(n => n.Pods).Where(p => p.Namespace == _namespace).Select(p => p.Name).Order().ToList();

        var top = await SandboxKubectl.RunAsync(version, viewer, "top", "pod", "-n", _namespace);
        var elsewhere = await SandboxKubectl.RunAsync(version, viewer, "top", "pod", "-n", "kube-system");

        Assert.That(top.ExitCode, Is.Zero, top.ToString());
        Assert.That(Usage.Parse(top.Output).Keys.Order(), Is.EqualTo(expected));
        Assert.That(elsewhere.Error, Does.Contain("Forbidden").And.Contain("User \"viewer\" cannot list resource \"pods\" in API group \"metrics.k8s.io\""));
    }

    /// <summary>explain reads the operator's own OpenAPI v3 document through the aggregator's index.</summary>
    [TestCase("1.27", "podmetrics", "KIND:       PodMetrics")]
    [TestCase("1.33", "podmetrics", "KIND:       PodMetrics")]
    [TestCase("1.33", "nodemetrics.usage", "FIELD: usage")]
    public async Task ViewerCanExplainTheMetricsKinds(string version, string resource, string header)
    {
        var viewer = EndToEndSandbox.Current.UserKubeconfig("viewer");

        var explain = await SandboxKubectl.RunAsync(version, viewer, "explain", resource);

        Assert.That(explain.ExitCode, Is.Zero, explain.ToString());
        Assert.That(explain.Output, Does.Contain("GROUP:      metrics.k8s.io").And.Contain(header));
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task UserWithoutBindingsIsForbidden(string version)
    {
        var nobody = EndToEndSandbox.Current.UserKubeconfig("nobody");

        var top = await SandboxKubectl.RunAsync(version, nobody, "top", "pod", "-n", _namespace);
        var raw = await SandboxKubectl.RunAsync(version, nobody, "get", "--raw", "/apis/metrics.k8s.io/v1beta1/nodes");

        Assert.That(top.ExitCode, Is.Not.Zero);
        Assert.That(top.Error, Does.Contain("Forbidden").And.Contain("User \"nobody\" cannot list resource \"pods\" in API group \"metrics.k8s.io\""));
        Assert.That(raw.Error, Does.Contain("Forbidden"), raw.ToString());
    }

    [Test]
    public async Task ExtraReaderServiceAccountCanListPodAndNodeMetrics()
    {
        var sandbox = EndToEndSandbox.Current;
        var account = sandbox.Manifest("scheduler.yaml", "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: custom-scheduler\n  namespace: kube-system\n");
        await sandbox.KubectlOkAsync("1.33", "apply", "-f", account);
        var scheduler = sandbox.ServiceAccountKubeconfig("kube-system", "custom-scheduler");
        var before = await SandboxKubectl.RunAsync("1.33", scheduler, "get", "--raw", "/apis/metrics.k8s.io/v1beta1/pods");
        try
        {
            await sandbox.KubectlOkAsync("1.33", "patch", "mb", "default", "--type", "merge", "-p", """{"spec":{"access":{"extraReaderSubjects":[{"kind":"ServiceAccount","name":"custom-scheduler","namespace":"kube-system"}]}}}""");
            await Eventually.HoldsAsync("the custom scheduler to list pod and node metrics", TimeSpan.FromSeconds(20), async () =>
            {
                var pods = await SandboxKubectl.RunAsync("1.33", scheduler, "get", "--raw", "/apis/metrics.k8s.io/v1beta1/pods");
                var nodes = await SandboxKubectl.RunAsync("1.33", scheduler, "get", "--raw", "/apis/metrics.k8s.io/v1beta1/nodes");
                return pods.Succeeded && nodes.Succeeded && pods.Output.Contains("PodMetricsList", StringComparison.Ordinal) && nodes.Output.Contains("NodeMetricsList", StringComparison.Ordinal)
                    ? null
                    : $"pods: {pods}; nodes: {nodes}";
            });
            var binding = await sandbox.KubectlOkAsync("1.33", "get", "clusterrolebinding", "metrics-operator:metrics-reader", "-o", "jsonpath={.roleRef.name} {.subjects[*].name}");

            Assert.That(before.Error, Does.Contain("Forbidden"), "the ServiceAccount could read metrics before it was named");
            Assert.That(binding, Is.EqualTo("metrics-operator:metrics-reader custom-scheduler"));
        }
        finally
        {
            await sandbox.KubectlOkAsync("1.33", "patch", "mb", "default", "--type", "merge", "-p", """{"spec":{"access":null}}""");
        }
    }
}
