using System.Diagnostics;

namespace MetricsOperator.SimulatedCluster.Sandbox;

/// <summary>Runs kubectl against the sandbox's kubeconfig, as a user at a terminal would.</summary>
internal sealed class KubectlTool
{
    private readonly string _executable;
    private readonly string _kubeconfig;

    public KubectlTool(string kubeconfig)
    {
        _kubeconfig = kubeconfig;
        _executable = new[] { "/usr/lib/google-cloud-sdk/bin/kubectl.1.33", "/usr/local/bin/kubectl", "/usr/bin/kubectl" }.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("no kubectl found (looked for /usr/lib/google-cloud-sdk/bin/kubectl.1.33, /usr/local/bin/kubectl, /usr/bin/kubectl)");
    }

    public async Task<(int ExitCode, string Output, string Error)> RunAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["KUBECONFIG"] = _kubeconfig;
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {_executable}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
