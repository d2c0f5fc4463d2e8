using BenchmarkDotNet.Running;

namespace MetricsOperator.Benchmarks;

internal static class BenchmarkProgram
{
    public static int Main(string[] args)
    {
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }
}
