namespace MetricsOperator.SimulatedCluster;

/// <summary>Entry point of the sandbox (`make demo`).</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("sandbox: not assembled yet");
        return args.Length == 0 ? 1 : 1;
    }
}
