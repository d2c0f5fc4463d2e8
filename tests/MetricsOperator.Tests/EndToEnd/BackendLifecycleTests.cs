using System.Collections.Concurrent;
using System.Diagnostics;
using k8s;
using k8s.Models;
using MetricsOperator.Tests.EndToEnd.Testing;

namespace MetricsOperator.Tests.EndToEnd;

/// <summary>
/// Scenarios 8 and 9: deleting the MetricsBackend removes the APIService first and then everything else; an
/// APIService another backend owns is left alone (APIServiceConflict) until takeover, and restored after it.
/// Ends with the sample applied and Ready again.
/// </summary>
[TestFixture]
[Order(20)]
[NonParallelizable]
internal sealed class BackendLifecycleTests
{
    private const string ApiService = "v1beta1.metrics.k8s.io";
    private const string Ns = Sandbox.OperatorNamespace;

    private const string ForeignApiService = """
        apiVersion: apiregistration.k8s.io/v1
        kind: APIService
        metadata:
          name: v1beta1.metrics.k8s.io
          labels: {k8s-app: metrics-server}
        spec:
          group: metrics.k8s.io
          version: v1beta1
          groupPriorityMinimum: 100
          versionPriority: 100
          insecureSkipTLSVerify: true
          service: {name: metrics-server, namespace: kube-system, port: 443}
        """;

    [OneTimeSetUp]
    public Task ReadyAsync() => EndToEndSandbox.WaitReadyAsync();

    [OneTimeTearDown]
    public async Task RestoreAsync()
    {
        var sandbox = EndToEndSandbox.Current;
        await sandbox.KubectlAsync("1.33", "delete", "mb", "--all", "--wait=false");
        await Eventually.HoldsAsync("every MetricsBackend to be gone", TimeSpan.FromSeconds(20), async () => await EndToEndSandbox.BackendAsync() is null ? null : "still there");
        var apiService = sandbox.StandIn.State.Get<V1APIService>(null, ApiService);
        if (apiService?.Spec?.Service?.Name == "metrics-server")
        {
            await sandbox.KubectlOkAsync("1.33", "delete", "apiservice", ApiService);
        }

        await EndToEndSandbox.ApplySampleAsync();
        await EndToEndSandbox.WaitReadyAsync(TimeSpan.FromSeconds(60));
    }

    [Test]
    [Order(1)]
    public async Task DeletingTheBackendRemovesTheApiServiceFirstThenEverything()
    {
        var sandbox = EndToEndSandbox.Current;
        var state = sandbox.StandIn.State;
        var gone = new ConcurrentDictionary<string, TimeSpan>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watcher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && gone.Count < 5)
            {
                Record(gone, "APIService", state.Get<V1APIService>(null, ApiService), clock);
                Record(gone, "Service", state.Get<V1Service>(Ns, "metrics-operator"), clock);
                Record(gone, "Secret/ca", state.Get<V1Secret>(Ns, "metrics-operator-ca"), clock);
                Record(gone, "Secret/serving", state.Get<V1Secret>(Ns, "metrics-operator-serving-cert"), clock);
                Record(gone, "ClusterRole", state.Get<V1ClusterRole>(null, "metrics-operator:metrics-reader"), clock);
                await Task.Delay(5);
            }
        });

        await sandbox.KubectlOkAsync("1.33", "delete", "mb", "default", "--wait=false");
        await watcher;

        Assert.That(gone.Keys.Order(), Is.EqualTo(new[] { "APIService", "ClusterRole", "Secret/ca", "Secret/serving", "Service" }), "left behind after 30s");
        var apiServiceGone = gone["APIService"];
        Assert.That(gone.Where(g => g.Key != "APIService").Select(g => g.Value), Is.All.GreaterThanOrEqualTo(apiServiceGone), string.Join(", ", gone.Select(g => $"{g.Key} at {g.Value.TotalMilliseconds:0}ms")));
        Assert.That(await EndToEndSandbox.BackendAsync(), Is.Null);
        Assert.That(state.List<V1ClusterRoleBinding>().Where(b => b.Metadata.Name.StartsWith("metrics-operator:metrics-reader", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    [Order(2)]
    public async Task ForeignApiServiceIsLeftAloneThenTakenOverAndRestored()
    {
        var sandbox = EndToEndSandbox.Current;
        await sandbox.KubectlOkAsync("1.33", "apply", "-f", sandbox.Manifest("foreign.yaml", ForeignApiService));
        var foreign = sandbox.StandIn.State.Get<V1APIService>(null, ApiService)!;

        await EndToEndSandbox.ApplySampleAsync();
        await Eventually.HoldsAsync("Ready=False with APIServiceConflict", TimeSpan.FromSeconds(30), async () =>
        {
            var ready = EndToEndSandbox.Condition(await EndToEndSandbox.BackendAsync(), "Ready");
            return (string?)ready?["status"] == "False" && (string?)ready["reason"] == "APIServiceConflict" && ((string?)ready["message"])?.Contains("metrics-server", StringComparison.Ordinal) == true
                ? null
                : ready?.ToJsonString();
        });
        var untouched = sandbox.StandIn.State.Get<V1APIService>(null, ApiService)!;

        Assert.That(KubernetesJson.Serialize(untouched.Spec), Is.EqualTo(KubernetesJson.Serialize(foreign.Spec)), "the foreign APIService was changed");
        Assert.That(untouched.Metadata.OwnerReferences, Is.Null.Or.Empty);

        await sandbox.KubectlOkAsync("1.33", "patch", "mb", "default", "--type", "merge", "-p", """{"spec":{"apiService":{"takeover":true}}}""");
        await EndToEndSandbox.WaitReadyAsync(TimeSpan.FromSeconds(45));
        var taken = sandbox.StandIn.State.Get<V1APIService>(null, ApiService)!;
        var backend = await EndToEndSandbox.BackendAsync();

        Assert.That(taken.Spec.Service.Name, Is.EqualTo("metrics-operator"));
        Assert.That((string?)backend?["metadata"]?["annotations"]?["metricsoperator.dev/previous-apiservice"], Does.Contain("metrics-server"));
        await Eventually.HoldsAsync("kubectl top node through the taken-over APIService", TimeSpan.FromSeconds(20), async () =>
        {
            var top = await sandbox.KubectlAsync("1.33", "top", "node");
            return top.Succeeded ? null : top.ToString();
        });

        await sandbox.KubectlOkAsync("1.33", "delete", "mb", "default", "--wait=false");
        await Eventually.HoldsAsync("the previous APIService to come back", TimeSpan.FromSeconds(30), async () =>
        {
            var current = sandbox.StandIn.State.Get<V1APIService>(null, ApiService);
            return await EndToEndSandbox.BackendAsync() is null && current?.Spec?.Service?.Name == "metrics-server" && current.Spec.Service.NamespaceProperty == "kube-system"
                ? null
                : "APIService: " + (current is null ? "none" : KubernetesJson.Serialize(current.Spec));
        });
        var restored = sandbox.StandIn.State.Get<V1APIService>(null, ApiService)!;

        Assert.That(restored.Spec.InsecureSkipTLSVerify, Is.True);
        Assert.That(restored.Spec.GroupPriorityMinimum, Is.EqualTo(100));
        Assert.That(restored.Metadata.OwnerReferences, Is.Null.Or.Empty, "the restored APIService must not be garbage collected with the backend");
    }

    private static void Record(ConcurrentDictionary<string, TimeSpan> gone, string what, object? current, Stopwatch clock)
    {
        if (current is null)
        {
            gone.TryAdd(what, clock.Elapsed);
        }
    }
}
