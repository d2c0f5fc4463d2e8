using System.CommandLine;
using System.CommandLine.Invocation;

namespace MetricsOperator.Cli;

/// <summary><c>metrics-operator inspect ...</c>: offline tools that show what the operator would make of an input.</summary>
internal static class InspectCommand
{
    public static Command Create() => Create(InspectEnvironment.Default);

    public static Command Create(InspectEnvironment environment)
    {
        var inspect = new Command("inspect", "Decode an input the way the operator does and show the result.")
        {
            Action = new MissingSubcommandAction(),
        };
        inspect.Subcommands.Add(InspectKubeletCommand.Create(environment));
        return inspect;
    }

    /// <summary>Runs <c>inspect ...</c> (<paramref name="args"/> start with "inspect") as the operator's command line does.</summary>
    public static int Run(string[] args, InspectEnvironment environment, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("metrics-operator") { Create(environment) };
        return root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    private sealed class MissingSubcommandAction : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Error.WriteLine("error: inspect needs a subcommand: kubelet (see 'metrics-operator inspect --help')");
            return InspectExitCodes.Usage;
        }
    }
}

/// <summary>Exit codes of the <c>inspect</c> commands.</summary>
internal static class InspectExitCodes
{
    public const int Valid = 0;
    public const int InvalidInput = 1;
    public const int Usage = 2;
}
