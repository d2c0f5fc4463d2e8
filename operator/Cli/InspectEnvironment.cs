namespace MetricsOperator.Cli;

/// <summary>What <c>inspect</c> needs from the process besides its arguments; tests pass their own.</summary>
internal sealed record InspectEnvironment(Func<Stream> OpenStandardInput, TimeProvider Time)
{
    public static InspectEnvironment Default { get; } = new(Console.OpenStandardInput, TimeProvider.System);
}
