using System.Runtime.CompilerServices;
using BenchmarkDotNet.Running;
using MetricsOperator.Benchmarks.Api;
using MetricsOperator.Benchmarks.Micro;
using MetricsOperator.Benchmarks.Scrape;

namespace MetricsOperator.Benchmarks;

/// <summary>
/// <c>micro …</c> runs the BenchmarkDotNet micro-benchmarks; <c>scrape …</c> runs the end-to-end scrape harness; <c>api</c> the metrics API load benchmark.
/// <c>farm-process</c> and <c>sut-process</c> are the harness's own child processes, not meant to be run by hand.
/// </summary>
internal static class BenchmarkProgram
{
    private const string Usage =
        "usage: MetricsOperator.Benchmarks micro [BenchmarkDotNet arguments, e.g. --filter '*']\n" +
        "       MetricsOperator.Benchmarks scrape [--profile w1k|w5k|all] [--rounds N] [--warmup N] [--resolution 15s]\n" +
        "                                         [--nodes N] [--concurrency N] [--spin-limit 0|default] [--base-address 127.10.0.0]\n" +
        "                                         [--sut-env NAME=VALUE[,NAME=VALUE...]]\n" +
        "       MetricsOperator.Benchmarks api [--seconds N] [--server-env NAME=VALUE]...\n" +
        "       MetricsOperator.Benchmarks api-handler [--rounds N]";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var rest = args[1..];
        try
        {
            switch (args[0])
            {
                case "micro":
                    return RunMicro(rest);
                case "scrape":
                    return await ScrapeCommand.RunAsync(ScrapeBenchOptions.Parse(rest));
                case "api":
                    return await ApiCommand.RunAsync(rest);
                case "api-handler":
                    return await ApiHandlerCommand.RunAsync(rest);
                case ApiServerProcess.Mode:
                    return await ApiServerProcess.RunAsync(rest);
                case FarmProcess.Mode:
                    return await FarmProcess.RunAsync(rest);
                case SutProcess.Mode:
                    return await SutProcess.RunAsync(rest);
                default:
                    await Console.Error.WriteLineAsync($"unknown mode '{args[0]}'\n{Usage}");
                    return 2;
            }
        }
        catch (HarnessUsageException e)
        {
            await Console.Error.WriteLineAsync($"{args[0]}: {e.Message}\n{Usage}");
            return 2;
        }
    }

    // Kept out of Main: compiling Main would otherwise load BenchmarkDotNet (and what it needs) into every mode,
    // including the operator process the scrape harness measures, which the operator itself never loads.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int RunMicro(string[] args)
    {
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args, MicroBenchmarkConfig.Create());
        return 0;
    }
}
