using System.Diagnostics;
using MetricsOperator.KubeletFarm;

namespace MetricsOperator.Benchmarks.Scrape;

/// <summary>
/// A child process running this same program in one of its internal modes. Its stdout is read line by line by the
/// harness, its stderr is forwarded with a prefix, and its stdin stays open until <see cref="StopAsync"/>: the child
/// stops when it closes, and is killed (with its descendants) if it does not within the grace period.
/// </summary>
internal sealed class HarnessChild : IAsyncDisposable
{
    private const int ForwardedStderrLines = 20;

    private readonly Process _process;
    private readonly long _startedTimestamp;
    private readonly string _name;
    private int _stderrLines;

    private HarnessChild(Process process, long startedTimestamp, string name)
    {
        _process = process;
        _startedTimestamp = startedTimestamp;
        _name = name;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Seconds since just before the process was started.</summary>
    public double ElapsedSeconds => Stopwatch.GetElapsedTime(_startedTimestamp).TotalSeconds;

    public static HarnessChild Start(string name, string mode, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, int openFilesNeeded)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var (program, programArguments) = SelfCommand();
        if (OpenFileLimit.Current() < openFilesNeeded)
        {
            // Raise the limit in the child only (as root this may also raise the hard limit).
            start.FileName = "/bin/bash";
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"ulimit -n {openFilesNeeded} && exec \"$0\" \"$@\"");
            start.ArgumentList.Add(program);
        }
        else
        {
            start.FileName = program;
        }

        foreach (var argument in programArguments.Append(mode).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start the {name} process");
        var child = new HarnessChild(process, started, name);
        process.ErrorDataReceived += (_, line) => child.Forward(line.Data);
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The next stdout line; null once the process closed its stdout.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken) =>
        await _process.StandardOutput.ReadLineAsync(cancellationToken);

    /// <summary>Asks the child to finish its work normally (see <see cref="ChildLifetime.FinishRequested"/>).</summary>
    public async Task RequestFinishAsync()
    {
        await _process.StandardInput.WriteLineAsync(ChildLifetime.FinishLine);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Sends one line of the child's own stdin protocol.</summary>
    public async Task SendLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    public bool TrySample(out ProcessSample sample) => ProcessSample.TryRead(_process.Id, ElapsedSeconds, out sample);

    /// <summary>Closes stdin, waits up to <paramref name="grace"/> for the exit, then kills the process tree.</summary>
    public async Task<int?> StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.StandardInput.Close();
            }
            catch (IOException)
            {
                // It is already exiting.
            }

            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        var lines = Volatile.Read(ref _stderrLines);
        if (lines > ForwardedStderrLines)
        {
            await Console.Error.WriteLineAsync($"[{_name}] ({lines} lines of output in all, {lines - ForwardedStderrLines} not shown)");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    // A child's log (a cold start at scale may warn once per node) must not bury the tables: show the first lines only.
    private void Forward(string? line)
    {
        if (line is null)
        {
            return;
        }

        var count = Interlocked.Increment(ref _stderrLines);
        if (count <= ForwardedStderrLines)
        {
            Console.Error.WriteLine($"[{_name}] {line}");
        }
        else if (count == ForwardedStderrLines + 1)
        {
            Console.Error.WriteLine($"[{_name}] … further output of the {_name} process is not shown");
        }
    }

    // Under `dotnet run` the apphost is used; under `dotnet MetricsOperator.Benchmarks.dll` the host needs the dll.
    private static (string Program, string[] Arguments) SelfCommand()
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown");
        return Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? (host, [typeof(HarnessChild).Assembly.Location])
            : (host, []);
    }
}
