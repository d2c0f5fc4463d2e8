using System.CommandLine;
using MetricsOperator.Hosting;

namespace MetricsOperator.Cli;

/// <summary><c>metrics-operator run</c>: the operator process (the default command).</summary>
internal static class RunCommand
{
    public const int InvalidOptionsExitCode = 2;
    public const int StartupFailedExitCode = 1;

    /// <summary>Adds the run flags to <paramref name="root"/> (so a bare invocation runs) and a <c>run</c> subcommand.</summary>
    public static void AddTo(RootCommand root, ProcessOptionsBinding binding)
    {
        var run = new Command("run", "Run the operator: scrape kubelets and keep the metrics pipeline going (the default).");
        binding.AddTo(run);
        run.SetAction((result, ct) => RunAsync(binding, result, ct));
        root.Subcommands.Add(run);

        binding.AddTo(root);
        root.SetAction((result, ct) => RunAsync(binding, result, ct));
    }

    private static async Task<int> RunAsync(ProcessOptionsBinding binding, ParseResult result, CancellationToken cancellationToken)
    {
        var options = binding.Read(result, out var errors);
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync("error: " + error).ConfigureAwait(false);
            }

            return InvalidOptionsExitCode;
        }

        WebApplication host;
        try
        {
            var kubernetes = KubernetesConfigurationLoader.Load(options.Kubeconfig, out var inCluster);
            host = OperatorHostBuilder.Build(options, kubernetes, inCluster);
        }
        catch (KubernetesConfigurationException ex)
        {
            await Console.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return StartupFailedExitCode;
        }

        using (host)
        {
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }
}
