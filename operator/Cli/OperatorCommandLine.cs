using System.CommandLine;
using System.Reflection;

namespace MetricsOperator.Cli;

/// <summary>The <c>metrics-operator</c> command line: <c>run</c> (default), <c>inspect</c>, <c>version</c>.</summary>
internal static class OperatorCommandLine
{
    public static Task<int> InvokeAsync(string[] args)
    {
        var root = new RootCommand("MetricsOperator: a metrics.k8s.io backend and its operator.");
        RunCommand.AddTo(root, new ProcessOptionsBinding());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(CreateVersionCommand());
        return root.Parse(args).InvokeAsync();
    }

    private static Command CreateVersionCommand()
    {
        var version = new Command("version", "Print the version and exit.");
        version.SetAction(result =>
        {
            result.InvocationConfiguration.Output.WriteLine("metrics-operator " + Version);
            return 0;
        });
        return version;
    }

    public static string Version =>
        typeof(OperatorCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
