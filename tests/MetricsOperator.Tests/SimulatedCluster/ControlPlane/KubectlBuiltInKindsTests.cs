using MetricsOperator.Tests.Fixtures;

namespace MetricsOperator.Tests.SimulatedCluster.ControlPlane;

/// <summary>Real kubectl (the oldest and newest supported) against the stand-in, on built-in kinds.</summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
internal sealed class KubectlBuiltInKindsTests
{
    private StandInServer _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _server = await StandInServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task GetNamespacesPrintsTheBootstrapNamespaces(string version)
    {
        var (exit, output, error) = await _server.KubectlAsync(version, "get", "namespaces");

        Assert.That(exit, Is.Zero, error);
        var lines = KubectlRunner.Columns(output);
        Assert.That(lines[0], Is.EqualTo("NAME AGE"));
        Assert.That(lines.Skip(1).Select(l => l.Split(' ')[0]), Is.SupersetOf(new[] { "default", "kube-system", "kube-public", "kube-node-lease" }));
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task ClientSideApplyCreatesThenConfiguresAConfigMap(string version)
    {
        var name = "csa-" + version.Replace(".", "", StringComparison.Ordinal);
        var first = _server.Manifest(name + "-1.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: default\ndata:\n  a: \"1\"\n  b: \"2\"\n");
        var second = _server.Manifest(name + "-2.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: default\ndata:\n  a: \"10\"\n");

        var created = await _server.KubectlAsync(version, "apply", "-f", first);
        var configured = await _server.KubectlAsync(version, "apply", "-f", second);
        var data = await _server.KubectlAsync(version, "get", "configmap", name, "-n", "default", "-o", "jsonpath={.data}");

        Assert.That(created.Output.Trim(), Is.EqualTo($"configmap/{name} created"), created.Error);
        Assert.That(configured.Output.Trim(), Is.EqualTo($"configmap/{name} configured"), configured.Error);
        Assert.That(data.Output, Is.EqualTo("{\"a\":\"10\"}"), data.Error);
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task ServerSideApplyOwnsFieldsAndReportsConflicts(string version)
    {
        var name = "ssa-" + version.Replace(".", "", StringComparison.Ordinal);
        var manifest = _server.Manifest(name + ".yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: default\ndata:\n  key: one\n");
        var other = _server.Manifest(name + "-other.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: default\ndata:\n  key: two\n");

        var applied = await _server.KubectlAsync(version, "apply", "--server-side", "-f", manifest);
        var conflict = await _server.KubectlAsync(version, "apply", "--server-side", "--field-manager", "intruder", "-f", other);
        var forced = await _server.KubectlAsync(version, "apply", "--server-side", "--field-manager", "intruder", "--force-conflicts", "-f", other);
        var managers = await _server.KubectlAsync(version, "get", "configmap", name, "-n", "default", "--show-managed-fields", "-o", "jsonpath={.metadata.managedFields[*].manager}");

        Assert.That(applied.Output.Trim(), Is.EqualTo($"configmap/{name} serverside-applied"), applied.Error);
        Assert.That(conflict.ExitCode, Is.Not.Zero);
        Assert.That(conflict.Error, Does.Contain("Apply failed with 1 conflict: conflict with \"kubectl\": .data.key"));
        Assert.That(forced.ExitCode, Is.Zero, forced.Error);
        Assert.That(managers.Output, Is.EqualTo("intruder"), managers.Error);
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task PatchesAndDeleteWork(string version)
    {
        var name = "patch-" + version.Replace(".", "", StringComparison.Ordinal);
        var manifest = _server.Manifest(name + ".yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: default\ndata:\n  a: \"1\"\n");
        var created = await _server.KubectlAsync(version, "create", "-f", manifest);

        var merge = await _server.KubectlAsync(version, "patch", "configmap", name, "-n", "default", "--type", "merge", "-p", "{\"data\":{\"b\":\"2\"}}");
        var json = await _server.KubectlAsync(version, "patch", "configmap", name, "-n", "default", "--type", "json", "-p", "[{\"op\":\"remove\",\"path\":\"/data/a\"}]");
        var strategic = await _server.KubectlAsync(version, "patch", "configmap", name, "-n", "default", "-p", "{\"data\":{\"c\":\"3\"}}");
        var data = await _server.KubectlAsync(version, "get", "configmap", name, "-n", "default", "-o", "jsonpath={.data}");
        var deleted = await _server.KubectlAsync(version, "delete", "configmap", name, "-n", "default");
        var gone = await _server.KubectlAsync(version, "get", "configmap", name, "-n", "default");

        Assert.That(created.Output.Trim(), Is.EqualTo($"configmap/{name} created"), created.Error);
        Assert.That(merge.Output.Trim(), Is.EqualTo($"configmap/{name} patched"), merge.Error);
        Assert.That(json.Output.Trim(), Is.EqualTo($"configmap/{name} patched"), json.Error);
        Assert.That(strategic.Output.Trim(), Is.EqualTo($"configmap/{name} patched"), strategic.Error);
        Assert.That(data.Output, Is.EqualTo("{\"b\":\"2\",\"c\":\"3\"}"));
        Assert.That(deleted.Output.Trim(), Is.EqualTo($"configmap \"{name}\" deleted"), deleted.Error);
        Assert.That(gone.Error.Trim(), Does.EndWith($"Error from server (NotFound): configmaps \"{name}\" not found"));
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task AUserTheAuthorizerDeniesGetsKubeApiserversForbiddenMessage(string version)
    {
        var (exit, _, error) = await _server.KubectlAsync(version, "get", "nodes", "--token", "nobody");

        Assert.That(exit, Is.Not.Zero);
        Assert.That(error, Does.Contain("nodes is forbidden: User \"nobody\" cannot list resource \"nodes\" in API group \"\" at the cluster scope"));
    }
}
