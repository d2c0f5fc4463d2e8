using System.Runtime.InteropServices;
using MetricsOperator.SimulatedCluster.Sandbox;

namespace MetricsOperator.SimulatedCluster;

/// <summary>Entry point of the sandbox (`make demo`).</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        SandboxOptions options;
        try
        {
            if (args is ["issue-cert", .. var rest])
            {
                return UserCertificates.Issue(rest, Console.Out);
            }

            options = SandboxOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync("sandbox: " + e.Message);
            return 2;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Security.Cryptography.CryptographicException)
        {
            await Console.Error.WriteLineAsync("sandbox: " + e.Message);
            return 1;
        }

        using var stopping = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stopping.Cancel();
        };
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stopping.Cancel();
        });
        try
        {
            return await new SandboxRunner(options, Console.Out).RunAsync(stopping.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or InvalidDataException or FileNotFoundException)
        {
            await Console.Error.WriteLineAsync("sandbox: " + e.Message);
            return 1;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return 0;
        }
    }
}
