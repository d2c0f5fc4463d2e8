using System.CommandLine;
using System.Net;
using MetricsOperator.Hosting;

namespace MetricsOperator.Cli;

/// <summary>Declares the process flags and reads them (falling back to the environment) into <see cref="ProcessOptions"/>.</summary>
internal sealed class ProcessOptionsBinding
{
    private readonly Func<string, string?> _environment;

    public ProcessOptionsBinding(Func<string, string?>? environment = null)
    {
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    public Option<string?> Kubeconfig { get; } = new("--kubeconfig")
    {
        Description = "Path to a kubeconfig file; without it the in-cluster configuration is used.",
    };

    public Option<string?> Namespace { get; } = new("--namespace")
    {
        Description = "Namespace the operator runs in (default: $POD_NAMESPACE).",
    };

    public Option<string?> PodName { get; } = new("--pod-name")
    {
        Description = "Name of this pod, the leader-election identity (default: $POD_NAME).",
    };

    public Option<string> BindAddress { get; } = new("--bind-address")
    {
        Description = "Address the HTTPS endpoint binds to.",
        DefaultValueFactory = _ => "0.0.0.0",
    };

    public Option<int> SecurePort { get; } = new("--secure-port")
    {
        Description = "Port of the HTTPS endpoint (0 picks a free port).",
        DefaultValueFactory = _ => 4443,
    };

    public Option<string> LogFormat { get; } = new("--log-format")
    {
        Description = "Log format: text or json.",
        DefaultValueFactory = _ => "text",
    };

    public Option<string?> TlsCertFile { get; } = new("--tls-cert-file")
    {
        Description = "PEM serving certificate (with --tls-private-key-file), reloaded when it changes; without it a self-signed certificate is served.",
    };

    public Option<string?> TlsPrivateKeyFile { get; } = new("--tls-private-key-file")
    {
        Description = "PEM private key of --tls-cert-file.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Kubeconfig);
        command.Options.Add(Namespace);
        command.Options.Add(PodName);
        command.Options.Add(BindAddress);
        command.Options.Add(SecurePort);
        command.Options.Add(LogFormat);
        command.Options.Add(TlsCertFile);
        command.Options.Add(TlsPrivateKeyFile);
    }

    /// <summary>Reads the options; <paramref name="errors"/> names every invalid flag (empty when valid).</summary>
    public ProcessOptions Read(ParseResult result, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var bindText = result.GetValue(BindAddress) ?? string.Empty;
        if (!IPAddress.TryParse(bindText, out var bindAddress))
        {
            problems.Add($"--bind-address: \"{bindText}\" is not an IP address");
            bindAddress = IPAddress.Any;
        }

        var formatText = result.GetValue(LogFormat) ?? string.Empty;
        if (!Enum.TryParse<LogFormat>(formatText, ignoreCase: true, out var format) || !Enum.IsDefined(format))
        {
            problems.Add($"--log-format: \"{formatText}\" is not one of text, json");
        }

        var options = new ProcessOptions
        {
            Kubeconfig = result.GetValue(Kubeconfig),
            Namespace = result.GetValue(Namespace) ?? _environment("POD_NAMESPACE") ?? string.Empty,
            PodName = result.GetValue(PodName) ?? _environment("POD_NAME") ?? string.Empty,
            BindAddress = bindAddress,
            SecurePort = result.GetValue(SecurePort),
            LogFormat = format,
            TlsCertFile = result.GetValue(TlsCertFile),
            TlsPrivateKeyFile = result.GetValue(TlsPrivateKeyFile),
        };
        problems.AddRange(options.Validate());
        errors = problems;
        return options;
    }
}
