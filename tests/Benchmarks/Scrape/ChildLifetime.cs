using System.Runtime.InteropServices;

namespace MetricsOperator.Benchmarks.Scrape;

/// <summary>
/// When a harness child process should stop: on SIGINT or SIGTERM, or when its standard input reaches its end. The
/// harness keeps the child's stdin open as long as it lives, so even a harness killed outright leaves no orphan.
/// A <see cref="FinishLine"/> on stdin asks the child to wrap up its work normally instead.
/// </summary>
internal sealed class ChildLifetime : IDisposable
{
    public const string FinishLine = "finish";

    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _finish = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;

    public ChildLifetime()
    {
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        InputClosed = Task.Run(WaitForEndOfInput);
    }

    public CancellationToken Stopping => _stop.Token;

    /// <summary>Completes when the harness asked for a normal finish.</summary>
    public Task FinishRequested => _finish.Task;

    /// <summary>Completes when stdin reached its end.</summary>
    public Task InputClosed { get; }

    /// <summary>Completes when the process should stop, for whichever reason.</summary>
    public Task WhenStopping() => Task.WhenAny(InputClosed, Task.Delay(Timeout.Infinite, Stopping));

    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
        _stop.Dispose();
    }

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        Cancel();
    }

    private void WaitForEndOfInput()
    {
        while (Console.In.ReadLine() is { } line)
        {
            if (line == FinishLine)
            {
                _finish.TrySetResult();
            }
        }

        Cancel();
    }

    private void Cancel()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already shutting down.
        }
    }
}
