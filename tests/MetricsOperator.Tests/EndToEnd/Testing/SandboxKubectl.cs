using System.Diagnostics;

namespace MetricsOperator.Tests.EndToEnd.Testing;

/// <summary>The result of one kubectl run.</summary>
internal sealed record KubectlResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;

    public override string ToString() => $"exit {ExitCode}; stdout: {Output.Trim()}; stderr: {Error.Trim()}";
}

/// <summary>Runs a versioned kubectl binary with a kubeconfig, a throwaway home and cache, and a hard timeout.</summary>
internal static class SandboxKubectl
{
    public const string BinaryDirectory = "/usr/lib/google-cloud-sdk/bin";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<KubectlResult> RunAsync(string version, string kubeconfig, params string[] arguments)
    {
        var executable = Path.Combine(BinaryDirectory, "kubectl." + version);
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException($"kubectl.{version} not found in {BinaryDirectory}", executable);
        }

        var home = Directory.CreateTempSubdirectory("e2e-kubectl-");
        try
        {
            var start = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            start.Environment["HOME"] = home.FullName;
            start.Environment["KUBECONFIG"] = kubeconfig;
            foreach (var argument in (string[])["--cache-dir", Path.Combine(home.FullName, "cache"), "--request-timeout", "20s", .. arguments])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
                var error = process.StandardError.ReadToEndAsync(timeout.Token);
                await process.WaitForExitAsync(timeout.Token);
                return new KubectlResult(process.ExitCode, await output, await error);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"kubectl.{version} {string.Join(' ', arguments)} did not finish within {Timeout.TotalSeconds:0}s");
            }
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }
}
