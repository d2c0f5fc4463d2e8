using System.CommandLine;

namespace MetricsOperator.Cli;

/// <summary>The <c>metrics-operator</c> command line: <c>run</c> (default), <c>inspect</c>, <c>version</c>.</summary>
internal static class OperatorCommandLine
{
    public static Task<int> InvokeAsync(string[] args)
    {
        var root = new RootCommand("MetricsOperator: a metrics.k8s.io backend and its operator.");
        var version = new Command("version", "Print the version and exit.");
        version.SetAction(_ =>
        {
            Console.Out.WriteLine(typeof(OperatorCommandLine).Assembly.GetName().Version?.ToString() ?? "unknown");
            return 0;
        });
        root.Subcommands.Add(version);
        root.Subcommands.Add(InspectCommand.Create());
        return root.Parse(args).InvokeAsync();
    }
}
