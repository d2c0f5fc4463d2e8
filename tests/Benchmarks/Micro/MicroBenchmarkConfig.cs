using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace MetricsOperator.Benchmarks.Micro;

/// <summary>
/// The default job runs in this process: BenchmarkDotNet's usual out-of-process job first builds a generated copy of
/// the whole solution without the compiler server, minutes on a 2-core machine, which would not fit `make bench`.
/// A job given on the command line (e.g. <c>--job short</c> or <c>--runtimes net10.0</c>) replaces this one.
/// </summary>
internal static class MicroBenchmarkConfig
{
    public static IConfig Create() =>
        DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsDefault());
}
