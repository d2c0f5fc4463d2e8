using MetricsOperator.KubeletFarm;
using MetricsOperator.SimulatedCluster.ControlPlane;
using MetricsOperator.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricsOperator.Tests.SimulatedCluster.ControlPlane;

/// <summary>The assembled stand-in with its real security engine, driven by kubectl with client certificates.</summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
internal sealed class ClusterStandInTests
{
    private ClusterStandIn _standIn = null!;
    private DirectoryInfo _directory = null!;
    private string _ca = "";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _standIn = await ClusterStandIn.StartAsync(new ClusterStandInOptions(), NullLoggerFactory.Instance);
        _directory = Directory.CreateTempSubdirectory("stand-in-users-");
        _ca = Path.Combine(_directory.FullName, "cluster-ca.crt");
        await File.WriteAllTextAsync(_ca, _standIn.Authorities.ClusterCa.CertificatePem);
        foreach (var (user, groups) in new[] { ("admin", new[] { "system:masters" }), ("viewer", []), ("nobody", []), ("limited", []) })
        {
            using var certificate = _standIn.Authorities.IssueClientCertificate(user, groups);
            TestCertificateAuthority.WriteFiles(certificate, _directory.FullName, user);
        }

        var bindings = Path.Combine(_directory.FullName, "bindings.yaml");
        await File.WriteAllTextAsync(bindings, """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: viewer, namespace: default}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: viewer}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: binder, namespace: default}
            rules: [{apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [create, get, patch]}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: limited-binder, namespace: default}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: binder}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: limited}]
            """);
        var applied = await KubectlAsync("1.33", "admin", "apply", "--server-side", "-f", bindings);
        Assert.That(applied.ExitCode, Is.Zero, applied.Error);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _standIn.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task AViewerListsPodsWhereBoundAndIsForbiddenElsewhere(string version)
    {
        var allowed = await KubectlAsync(version, "viewer", "get", "pods", "-n", "default");
        var denied = await KubectlAsync(version, "viewer", "get", "pods", "-n", "kube-system");

        Assert.That(allowed.ExitCode, Is.Zero, allowed.Error);
        Assert.That(allowed.Error, Does.Contain("No resources found in default namespace."));
        Assert.That(denied.Error, Does.Contain("Error from server (Forbidden): pods is forbidden: User \"viewer\" cannot list resource \"pods\" in API group \"\" in the namespace \"kube-system\""));
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task AnUnboundUserIsForbiddenButStillDiscovers(string version)
    {
        var (exit, _, error) = await KubectlAsync(version, "nobody", "get", "nodes");

        Assert.That(exit, Is.Not.Zero);
        Assert.That(error, Does.Contain("Error from server (Forbidden): nodes is forbidden: User \"nobody\" cannot list resource \"nodes\" in API group \"\" at the cluster scope"));
    }

    [Test]
    public async Task BindingARoleTheUserDoesNotHoldIsAnEscalation()
    {
        var manifest = Path.Combine(_directory.FullName, "escalate.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: escalate, namespace: default}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: limited}]
            """);

        var (exit, _, error) = await KubectlAsync("1.33", "limited", "create", "-f", manifest);

        Assert.That(exit, Is.Not.Zero);
        Assert.That(error, Does.Contain("rolebindings.rbac.authorization.k8s.io \"escalate\" is forbidden: user \"limited\""));
    }

    [Test]
    public async Task TheAuthenticationConfigMapPublishesBothClientCas()
    {
        var (exit, output, error) = await KubectlAsync("1.33", "admin", "get", "configmap", "extension-apiserver-authentication", "-n", "kube-system", "-o", "jsonpath={.data.client-ca-file}|{.data.requestheader-client-ca-file}");

        Assert.That(exit, Is.Zero, error);
        var parts = output.Split('|');
        Assert.That(parts[0].Trim(), Is.EqualTo(_standIn.Authorities.ClientCa.CertificatePem.Trim()));
        Assert.That(parts[1].Trim(), Is.EqualTo(_standIn.Authorities.FrontProxyCa.CertificatePem.Trim()));
    }

    private Task<(int ExitCode, string Output, string Error)> KubectlAsync(string version, string user, params string[] arguments) =>
        KubectlRunner.RunAsync(version, _standIn.Url.ToString().TrimEnd('/'), [
            "--certificate-authority", _ca,
            "--client-certificate", Path.Combine(_directory.FullName, user + ".crt"),
            "--client-key", Path.Combine(_directory.FullName, user + ".key"),
            .. arguments]);
}
