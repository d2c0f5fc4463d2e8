using System.Diagnostics;

namespace MetricsOperator.Tests.Fixtures;

/// <summary>Runs a versioned kubectl binary against a server URL, with a throwaway home and cache, and no kubeconfig.</summary>
internal static class KubectlRunner
{
    private const string Directory = "/usr/lib/google-cloud-sdk/bin";

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string version, string server, params string[] arguments)
    {
        var executable = Path.Combine(Directory, "kubectl." + version);
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException($"kubectl.{version} not found in {Directory}", executable);
        }

        var home = System.IO.Directory.CreateTempSubdirectory("kubectl-home-");
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
            start.Environment["KUBECONFIG"] = Path.Combine(home.FullName, "none");
            foreach (var argument in (string[])["--server", server, "--token", "unused", "--cache-dir", Path.Combine(home.FullName, "cache"), .. arguments])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output, await error);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    /// <summary>The output's lines with runs of spaces collapsed, so table columns compare without their padding.</summary>
    public static string[] Columns(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries)))];
}
