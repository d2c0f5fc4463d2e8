using System.CommandLine;
using System.Net;
using MetricsOperator.Hosting;
using MetricsOperator.Reconciliation.Spec;

namespace MetricsOperator.Cli;

/// <summary>Declares the process flags and reads them (falling back to the environment) into <see cref="ProcessOptions"/>.</summary>
internal sealed class ProcessOptionsBinding
{
    private static readonly ProcessOptions Defaults = new();

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

    public Option<string> LeaseName { get; } = new("--lease-name")
    {
        Description = "Name of the Lease (in the operator's namespace) for leader election; only the leader reconciles.",
        DefaultValueFactory = _ => "metrics-operator-leader",
    };

    public Option<string> LeaseDuration { get; } = new("--lease-duration")
    {
        Description = "How long a lease is valid without renewal (Go duration).",
        DefaultValueFactory = _ => "15s",
    };

    public Option<string> LeaseRenewDeadline { get; } = new("--lease-renew-deadline")
    {
        Description = "How long the leader keeps trying to renew before it steps down (Go duration).",
        DefaultValueFactory = _ => "10s",
    };

    public Option<string> LeaseRetryPeriod { get; } = new("--lease-retry-period")
    {
        Description = "How often candidates try to acquire or renew the lease (Go duration).",
        DefaultValueFactory = _ => "2s",
    };

    public Option<string> ClusterDomain { get; } = new("--cluster-domain")
    {
        Description = "The cluster's DNS domain, used in the serving certificate's DNS names.",
        DefaultValueFactory = _ => "cluster.local",
    };

    public Option<string> ServiceName { get; } = new("--service-name")
    {
        Description = "Name of the Service in front of the operator, which the APIService points at.",
        DefaultValueFactory = _ => "metrics-operator",
    };

    public Option<string> ShutdownTimeout { get; } = new("--shutdown-timeout")
    {
        Description = "On SIGTERM, how long in-flight requests may take to finish (Go duration; keep it below the pod's grace period).",
        DefaultValueFactory = _ => "20s",
    };

    public Option<bool> DevelopmentMode { get; } = new("--development-mode")
    {
        Description = "Allow short resolutions, lease timings and certificate lifetimes. For tests only; never set by the manifests.",
    };

    public Option<string?> TlsCertFile { get; } = new("--tls-cert-file")
    {
        Description = "PEM serving certificate (with --tls-private-key-file), reloaded when it changes; without it the certificate comes from Secret metrics-operator-serving-cert (self-signed until that exists).",
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
        command.Options.Add(LeaseName);
        command.Options.Add(LeaseDuration);
        command.Options.Add(LeaseRenewDeadline);
        command.Options.Add(LeaseRetryPeriod);
        command.Options.Add(ClusterDomain);
        command.Options.Add(ServiceName);
        command.Options.Add(ShutdownTimeout);
        command.Options.Add(DevelopmentMode);
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
            LeaseName = result.GetValue(LeaseName) ?? string.Empty,
            LeaseDuration = ReadDuration(result, LeaseDuration, Defaults.LeaseDuration, problems),
            LeaseRenewDeadline = ReadDuration(result, LeaseRenewDeadline, Defaults.LeaseRenewDeadline, problems),
            LeaseRetryPeriod = ReadDuration(result, LeaseRetryPeriod, Defaults.LeaseRetryPeriod, problems),
            ClusterDomain = result.GetValue(ClusterDomain) ?? string.Empty,
            ServiceName = result.GetValue(ServiceName) ?? string.Empty,
            ShutdownTimeout = ReadDuration(result, ShutdownTimeout, Defaults.ShutdownTimeout, problems),
            DevelopmentMode = result.GetValue(DevelopmentMode),
            TlsCertFile = result.GetValue(TlsCertFile),
            TlsPrivateKeyFile = result.GetValue(TlsPrivateKeyFile),
        };
        problems.AddRange(options.Validate());
        errors = problems;
        return options;
    }

    /// <summary>The flag's duration; an unparsable one is reported and read as the default, so later checks stay about other flags.</summary>
    private static TimeSpan ReadDuration(ParseResult result, Option<string> option, TimeSpan fallback, List<string> problems)
    {
        var text = result.GetValue(option) ?? string.Empty;
        if (GoDuration.TryParse(text, out var value, out var error))
        {
            return value;
        }

        problems.Add($"{option.Name}: {error}");
        return fallback;
    }

}
