using System.Diagnostics;
using System.Globalization;
using k8s.Models;
using MetricsOperator.SimulatedCluster.ControlPlane;

namespace MetricsOperator.SimulatedCluster.Sandbox;

/// <summary>
/// One real metrics-operator process (the operator's built dll) running as its ServiceAccount, with the Ready Pod the
/// Deployment would have created for it: the operator's labels, its loopback address as podIP, container port https.
/// </summary>
internal sealed class OperatorProcess : IAsyncDisposable
{
    public const string Namespace = "metrics-operator";
    public const string ServiceAccount = "metrics-operator";
    public const int SecurePort = 10443;

    private readonly Process _process;

    private OperatorProcess(Process process, string podName)
    {
        _process = process;
        PodName = podName;
    }

    public string PodName { get; }

    public static string? FindAssembly(string repository) =>
        new[] { "Release", "Debug" }.Select(c => Path.Combine(repository, "operator", "bin", c, "net10.0", "metrics-operator.dll")).FirstOrDefault(File.Exists);

    public static OperatorProcess Start(IClusterState state, string assembly, string kubeconfig, int index, string logDirectory)
    {
        var podName = "metrics-operator-sandbox-" + index.ToString(CultureInfo.InvariantCulture);
        var address = "127.20.0." + (index + 1).ToString(CultureInfo.InvariantCulture);
        state.Upsert(new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = podName,
                NamespaceProperty = Namespace,
                Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "metrics-operator" },
            },
            Spec = new V1PodSpec
            {
                ServiceAccountName = ServiceAccount,
                NodeName = "sandbox-control-plane",
                Containers = [new V1Container { Name = "metrics-operator", Image = "metrics-operator:sandbox", Ports = [new V1ContainerPort { Name = "https", ContainerPort = SecurePort, Protocol = "TCP" }] }],
            },
            Status = WorkloadRegistration.RunningStatus(address, DateTimeOffset.UtcNow),
        });

        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])[assembly, "run", "--kubeconfig", kubeconfig, "--namespace", Namespace, "--pod-name", podName, "--bind-address", address, "--secure-port", SecurePort.ToString(CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the operator process");
        var log = new StreamWriter(Path.Combine(logDirectory, podName + ".log"), append: false) { AutoFlush = true };
        process.OutputDataReceived += (_, line) => Write(log, line.Data);
        process.ErrorDataReceived += (_, line) => Write(log, line.Data);
        process.Exited += (_, _) => log.Dispose();
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new OperatorProcess(process, podName);
    }

    public bool HasExited => _process.HasExited;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The process has exited and its log is closed.
            }
        }
    }
}
