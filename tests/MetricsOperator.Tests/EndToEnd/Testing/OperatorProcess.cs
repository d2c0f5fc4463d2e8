using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MetricsOperator.Tests.EndToEnd.Testing;

/// <summary>
/// One real <c>metrics-operator run</c> process (the built dll under <c>dotnet</c>), its output captured line by line.
/// Disposing kills it if it still runs.
/// </summary>
internal sealed class OperatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private OperatorProcess(string podName, IPAddress address, int port, Process process)
    {
        PodName = podName;
        Address = address;
        Port = port;
        _process = process;
        _process.OutputDataReceived += (_, e) => Capture(e.Data);
        _process.ErrorDataReceived += (_, e) => Capture(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // A test host that ends without running the teardown (Ctrl-C) must not leave operators behind.
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
    }

    public string PodName { get; }

    public IPAddress Address { get; }

    public int Port { get; }

    public bool HasExited => _process.HasExited;

    public IReadOnlyList<string> Lines => [.. _lines];

    public static OperatorProcess Start(string kubeconfig, string ns, string podName, IPAddress address, string leaseArguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "metrics-operator.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("the operator's build output is missing next to the tests", dll);
        }

        var port = FreePort(address);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[dll, "run", "--kubeconfig", kubeconfig, "--namespace", ns, "--pod-name", podName, "--bind-address", address.ToString(), "--secure-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--development-mode", "--shutdown-timeout", "2s", .. leaseArguments.Split(' ')])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_TieredPGO"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.StandardInput.Close();
        return new OperatorProcess(podName, address, port, process);
    }

    /// <summary>SIGKILL: the lease is not released, as when a node dies.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public string Tail(int count = 40) => string.Join('\n', _lines.TakeLast(count));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (OperationCanceledException)
        {
            // Already reported by the kill; nothing else can be done.
        }

        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        _process.Dispose();
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private void Capture(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }
}
