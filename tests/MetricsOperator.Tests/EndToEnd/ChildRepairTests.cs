using MetricsOperator.Tests.EndToEnd.Testing;

namespace MetricsOperator.Tests.EndToEnd;

/// <summary>Scenario 3: deleting the APIService, the Service or the metrics-reader ClusterRole is undone within seconds.</summary>
[TestFixture]
[Order(3)]
[NonParallelizable]
internal sealed class ChildRepairTests
{
    private static readonly TimeSpan Seconds = TimeSpan.FromSeconds(10);

    [OneTimeSetUp]
    public Task ReadyAsync() => EndToEndSandbox.WaitReadyAsync();

    [TestCase("apiservice", "v1beta1.metrics.k8s.io", null)]
    [TestCase("service", "metrics-operator", Sandbox.OperatorNamespace)]
    [TestCase("clusterrole", "metrics-operator:metrics-reader", null)]
    public async Task DeletedChildIsRestored(string kind, string name, string? ns)
    {
        string[] scope = ns is null ? [] : ["-n", ns];
        var before = await EndToEndSandbox.Current.KubectlOkAsync("1.33", ["get", kind, name, "-o", "jsonpath={.metadata.uid}", .. scope]);

        await EndToEndSandbox.Current.KubectlOkAsync("1.33", ["delete", kind, name, "--wait=false", .. scope]);
        var took = await Eventually.HoldsAsync($"{kind} {name} to be recreated", Seconds, async () =>
        {
            var after = await EndToEndSandbox.Current.KubectlAsync("1.33", ["get", kind, name, "-o", "jsonpath={.metadata.uid}", .. scope]);
            return after.Succeeded && after.Output.Length > 0 && after.Output != before ? null : after.ToString();
        });

        TestContext.Out.WriteLine($"{kind} {name} restored after {took.TotalSeconds:0.0}s");
        await Eventually.HoldsAsync("kubectl top node to work again", TimeSpan.FromSeconds(15), async () =>
        {
            var top = await EndToEndSandbox.Current.KubectlAsync("1.33", "top", "node");
            return top.Succeeded ? null : top.ToString();
        });
    }
}
