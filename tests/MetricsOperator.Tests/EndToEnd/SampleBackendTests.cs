using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using MetricsOperator.Tests.EndToEnd.Testing;

namespace MetricsOperator.Tests.EndToEnd;

/// <summary>Scenario 1: the sample applied makes every child with the right content, Ready=True, and real kubectl top works.</summary>
[TestFixture]
[Order(1)]
[NonParallelizable]
internal sealed class SampleBackendTests
{
    private const string Ns = Sandbox.OperatorNamespace;

    [OneTimeSetUp]
    public Task ReadyAsync() => EndToEndSandbox.WaitReadyAsync();

    [Test]
    public async Task EveryChildExistsWithTheRightContent()
    {
        var sandbox = EndToEndSandbox.Current;
        var backend = (await EndToEndSandbox.BackendAsync())!;
        var uid = (string?)backend["metadata"]!["uid"];
        var apiService = await GetAsync("apiservice", "v1beta1.metrics.k8s.io");
        var service = await GetAsync("service", "metrics-operator", Ns);
        var serving = await GetAsync("secret", "metrics-operator-serving-cert", Ns);
        var ca = await GetAsync("secret", "metrics-operator-ca", Ns);
        var role = await GetAsync("clusterrole", "metrics-operator:metrics-reader");
        var binding = await EndToEndSandbox.Current.KubectlAsync("1.33", "get", "clusterrolebinding", "metrics-operator:metrics-reader");

        Assert.That(binding.Error, Does.Contain("NotFound"), "the sample names no extra reader subjects, so there is nothing to bind");
        foreach (var child in new[] { apiService, service, serving, ca, role })
        {
            var name = (string?)child["metadata"]!["name"];
            Assert.That((string?)child["metadata"]!["labels"]?["app.kubernetes.io/managed-by"], Is.EqualTo("metrics-operator"), name);
            var owner = child["metadata"]!["ownerReferences"]?.AsArray().OfType<JsonObject>().SingleOrDefault();
            Assert.That((string?)owner?["uid"], Is.EqualTo(uid), name + " is not owned by the MetricsBackend");
            Assert.That((bool?)owner?["controller"], Is.True, name);
        }

        Assert.That((string?)apiService["spec"]!["service"]!["name"], Is.EqualTo("metrics-operator"));
        Assert.That((string?)apiService["spec"]!["service"]!["namespace"], Is.EqualTo(Ns));
        Assert.That((int?)apiService["spec"]!["groupPriorityMinimum"], Is.EqualTo(100));
        Assert.That((bool?)apiService["spec"]!["insecureSkipTLSVerify"] ?? false, Is.False);
        Assert.That((string?)service["spec"]!["selector"]!["app.kubernetes.io/name"], Is.EqualTo("metrics-operator"));
        Assert.That(service["spec"]!["ports"]!.AsArray().Select(p => ((int?)p!["port"], (string?)p["targetPort"]?.ToString())), Is.EqualTo(new[] { ((int?)443, "https") }));
        Assert.That((string?)serving["type"], Is.EqualTo("kubernetes.io/tls"));
        Assert.That(role["rules"]!.ToJsonString(), Does.Contain("metrics.k8s.io").And.Contain("pods").And.Contain("nodes"));
        Assert.That(role["metadata"]!["labels"]!.ToJsonString(), Does.Contain("rbac.authorization.k8s.io/aggregate-to-view"));

        // The published caBundle verifies the serving certificate for the Service's DNS names.
        using var leaf = X509Certificate2.CreateFromPem(Decode(serving, "tls.crt"));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.ImportFromPem(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)apiService["spec"]!["caBundle"]!)));
        Assert.That(chain.Build(leaf), Is.True, string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.That(leaf.MatchesHostname("metrics-operator.metrics-operator.svc"), Is.True);
        Assert.That(leaf.MatchesHostname("metrics-operator.metrics-operator.svc.cluster.local"), Is.True);
        Assert.That(sandbox.Operators, Has.Count.EqualTo(2));
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task GetMbShowsReadyAndTheApiServiceIsAvailable(string version)
    {
        var table = await EndToEndSandbox.Current.KubectlOkAsync(version, "get", "mb");
        var available = await EndToEndSandbox.Current.KubectlOkAsync(version, "get", "apiservice", "v1beta1.metrics.k8s.io", "-o", "jsonpath={.status.conditions[?(@.type==\"Available\")].status}");

        var columns = Fixtures.KubectlRunner.Columns(table);
        Assert.That(columns[0], Does.StartWith("NAME READY"));
        Assert.That(columns[1], Does.StartWith("default True"));
        Assert.That(available, Is.EqualTo("True"));
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task KubectlTopNodePrintsTheKubeletsUsage(string version)
    {
        var farm = EndToEndSandbox.Current.Farm;
        await Eventually.HoldsAsync($"kubectl.{version} top node to show every node's usage", TimeSpan.FromSeconds(20), async () =>
        {
            var top = await EndToEndSandbox.Current.KubectlAsync(version, "top", "node");
            if (!top.Succeeded)
            {
                return top.ToString();
            }

            var rows = Usage.Parse(top.Output);
            var problems = farm.Nodes.Select(n => rows.TryGetValue(n.Name, out var row) ? Usage.Mismatch(n.Name, row, n.ExpectedNodeUsage()) : n.Name + " missing").Where(p => p is not null).ToList();
            return problems.Count == 0 && rows.Count == farm.Nodes.Count ? null : string.Join("; ", problems) + "\n" + top.Output;
        });
    }

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task KubectlTopPodAllNamespacesPrintsTheKubeletsUsage(string version)
    {
        var pods = EndToEndSandbox.Current.Farm.Nodes.SelectMany(n => n.Pods).ToList();
        await Eventually.HoldsAsync($"kubectl.{version} top pod -A to show every pod's usage", TimeSpan.FromSeconds(20), async () =>
        {
            var top = await EndToEndSandbox.Current.KubectlAsync(version, "top", "pod", "-A");
            if (!top.Succeeded)
            {
                return top.ToString();
            }

            var rows = Usage.Parse(top.Output);
            var problems = pods.Select(p => rows.TryGetValue(p.Namespace + "/" + p.Name, out var row) ? Usage.Mismatch(p.Name, row, p.Usage) : p.Name + " missing").Where(p => p is not null).ToList();
            return problems.Count == 0 && rows.Count == pods.Count ? null : string.Join("; ", problems) + "\n" + top.Output;
        });
    }

    private static async Task<JsonObject> GetAsync(string kind, string name, string? ns = null)
    {
        string[] arguments = ns is null ? ["get", kind, name, "-o", "json"] : ["get", kind, name, "-n", ns, "-o", "json"];
        return JsonNode.Parse(await EndToEndSandbox.Current.KubectlOkAsync("1.33", arguments))!.AsObject();
    }

    private static string Decode(JsonObject secret, string key) =>
        System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]![key]!));
}
