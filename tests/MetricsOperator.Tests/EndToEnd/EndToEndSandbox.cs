using System.Text.Json.Nodes;
using MetricsOperator.Tests.EndToEnd.Testing;

namespace MetricsOperator.Tests.EndToEnd;

/// <summary>
/// One sandbox for the whole end-to-end run: the stand-in, three simulated kubelets, the manifests' CRD and RBAC,
/// two operator replicas in development mode and the sample MetricsBackend (resolution lowered to 2s).
/// Ready once <c>kubectl top node</c> answers.
/// </summary>
[SetUpFixture]
internal sealed class EndToEndSandbox
{
    public const string Resolution = "2s";
    public const int Nodes = 3;
    public const int PodsPerNode = 4;

    private static Sandbox? _sandbox;

    public static Sandbox Current => _sandbox ?? throw new InvalidOperationException("the end-to-end sandbox did not start");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _sandbox = await Sandbox.StartAsync(Nodes, PodsPerNode);
        try
        {
            await _sandbox.StartOperatorAsync();
            await _sandbox.StartOperatorAsync();
            await ApplySampleAsync();
            await Eventually.HoldsAsync("kubectl top node to answer through the aggregator", TimeSpan.FromSeconds(120), async () =>
            {
                var exited = _sandbox.Operators.FirstOrDefault(o => o.HasExited);
                if (exited is not null)
                {
                    Assert.Fail($"operator {exited.PodName} exited:\n{exited.Tail()}");
                }

                var top = await _sandbox.KubectlAsync("1.33", "top", "node");
                return top.Succeeded ? null : top.ToString();
            });
        }
        catch
        {
            await StopAsync();
            throw;
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
            _sandbox = null;
        }
    }

    /// <summary>(Re)applies the sample MetricsBackend <c>default</c> with the development resolution.</summary>
    public static Task ApplySampleAsync() =>
        Current.KubectlOkAsync("1.33", "apply", "--server-side", "--force-conflicts", "-f", Current.SampleManifest(Resolution));

    /// <summary>The MetricsBackend as JSON, or null when it does not exist.</summary>
    public static async Task<JsonObject?> BackendAsync(string name = "default")
    {
        var result = await Current.KubectlAsync("1.33", "get", "metricsbackend", name, "-o", "json");
        return result.Succeeded ? JsonNode.Parse(result.Output)!.AsObject() : null;
    }

    /// <summary>A condition of the MetricsBackend (type, status, reason, message), or null.</summary>
    public static JsonObject? Condition(JsonObject? backend, string type) =>
        backend?["status"]?["conditions"]?.AsArray().OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);

    /// <summary>Waits until the backend's Ready condition is True for its current generation.</summary>
    public static Task WaitReadyAsync(TimeSpan? timeout = null, string name = "default") =>
        Eventually.HoldsAsync($"MetricsBackend {name} Ready=True", timeout ?? TimeSpan.FromSeconds(45), async () =>
        {
            var backend = await BackendAsync(name);
            var ready = Condition(backend, "Ready");
            return (string?)ready?["status"] == "True" && (long?)backend?["status"]?["observedGeneration"] == (long?)backend?["metadata"]?["generation"]
                ? null
                : backend?["status"]?.ToJsonString() ?? "no such MetricsBackend";
        });
}
