using System.CommandLine;
using System.Net;
using MetricsOperator.Cli;
using MetricsOperator.Hosting;

namespace MetricsOperator.Tests.Cli;

public sealed class ProcessOptionsBindingTests
{
    private static (ProcessOptions Options, IReadOnlyList<string> Errors) Parse(string args, Dictionary<string, string>? environment = null)
    {
        var binding = new ProcessOptionsBinding(name => environment is not null && environment.TryGetValue(name, out var v) ? v : null);
        var command = new RootCommand();
        binding.AddTo(command);
        var result = command.Parse(args);
        var options = binding.Read(result, out var errors);
        return (options, errors);
    }

    [Test]
    public void Defaults_come_from_the_environment()
    {
        var (options, errors) = Parse(string.Empty, new() { ["POD_NAMESPACE"] = "kube-system", ["POD_NAME"] = "metrics-operator-abc" });

        Assert.That(errors, Is.Empty);
        Assert.That(options.Namespace, Is.EqualTo("kube-system"));
        Assert.That(options.PodName, Is.EqualTo("metrics-operator-abc"));
        Assert.That(options.SecurePort, Is.EqualTo(4443));
        Assert.That(options.BindAddress, Is.EqualTo(IPAddress.Any));
        Assert.That(options.LogFormat, Is.EqualTo(LogFormat.Text));
        Assert.That(options.Kubeconfig, Is.Null);
    }

    [Test]
    public void Flags_win_over_the_environment()
    {
        var (options, errors) = Parse(
            "--namespace ops --pod-name p-1 --bind-address 127.0.0.1 --secure-port 8443 --log-format json",
            new() { ["POD_NAMESPACE"] = "kube-system", ["POD_NAME"] = "x" });

        Assert.That(errors, Is.Empty);
        Assert.That(options.Namespace, Is.EqualTo("ops"));
        Assert.That(options.PodName, Is.EqualTo("p-1"));
        Assert.That(options.BindAddress, Is.EqualTo(IPAddress.Loopback));
        Assert.That(options.SecurePort, Is.EqualTo(8443));
        Assert.That(options.LogFormat, Is.EqualTo(LogFormat.Json));
    }

    [TestCase("--bind-address nowhere", "--bind-address: \"nowhere\" is not an IP address")]
    [TestCase("--log-format xml", "--log-format: \"xml\" is not one of text, json")]
    [TestCase("--secure-port 70000", "--secure-port: 70000 is outside 0-65535")]
    [TestCase("--namespace Bad_NS", "--namespace: \"Bad_NS\" is not a valid namespace name")]
    [TestCase("--kubeconfig /nonexistent/kubeconfig", "--kubeconfig: file \"/nonexistent/kubeconfig\" does not exist")]
    [TestCase("--tls-cert-file /nonexistent/tls.crt --tls-private-key-file /nonexistent/tls.key", "--tls-cert-file: file \"/nonexistent/tls.crt\" does not exist")]
    [TestCase("--tls-cert-file /nonexistent/tls.crt --tls-private-key-file /nonexistent/tls.key", "--tls-private-key-file: file \"/nonexistent/tls.key\" does not exist")]
    [TestCase("--tls-cert-file /nonexistent/tls.crt", "--tls-cert-file and --tls-private-key-file go together")]
    [TestCase("--tls-private-key-file /nonexistent/tls.key", "--tls-cert-file and --tls-private-key-file go together")]
    public void Invalid_flags_are_named_in_the_error(string args, string expected)
    {
        var (_, errors) = Parse(args + " --pod-name p", new() { ["POD_NAMESPACE"] = "ns" });

        Assert.That(errors, Has.Some.StartsWith(expected));
    }

    [Test]
    public void A_serving_certificate_file_pair_is_read()
    {
        var directory = Directory.CreateTempSubdirectory("tls-flags-");
        try
        {
            var certificate = Path.Combine(directory.FullName, "tls.crt");
            var key = Path.Combine(directory.FullName, "tls.key");
            File.WriteAllText(certificate, "pem");
            File.WriteAllText(key, "pem");

            var (options, errors) = Parse($"--tls-cert-file {certificate} --tls-private-key-file {key} --namespace ns --pod-name p");

            Assert.That(errors, Is.Empty);
            Assert.That(options.TlsCertFile, Is.EqualTo(certificate));
            Assert.That(options.TlsPrivateKeyFile, Is.EqualTo(key));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public void Missing_namespace_and_pod_name_are_reported_together()
    {
        var (_, errors) = Parse(string.Empty);

        Assert.That(errors, Has.Some.Contains("--namespace is required"));
        Assert.That(errors, Has.Some.Contains("--pod-name is required"));
    }

    [Test]
    public void Lease_and_naming_flags_have_the_documented_defaults()
    {
        var (options, errors) = Parse("--namespace ns --pod-name p");

        Assert.That(errors, Is.Empty);
        Assert.That(options.LeaseName, Is.EqualTo("metrics-operator-leader"));
        Assert.That((options.LeaseDuration, options.LeaseRenewDeadline, options.LeaseRetryPeriod), Is.EqualTo((TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2))));
        Assert.That(options.ClusterDomain, Is.EqualTo("cluster.local"));
        Assert.That(options.ServiceName, Is.EqualTo("metrics-operator"));
        Assert.That(options.ShutdownTimeout, Is.EqualTo(TimeSpan.FromSeconds(20)));
        Assert.That(options.DevelopmentMode, Is.False);
    }

    [Test]
    public void Lease_and_naming_flags_are_read()
    {
        var (options, errors) = Parse(
            "--namespace ns --pod-name p --lease-name mo-lease --lease-duration 1m --lease-renew-deadline 40s --lease-retry-period 5s " +
            "--cluster-domain corp.example --service-name metrics --shutdown-timeout 1m30s");

        Assert.That(errors, Is.Empty);
        Assert.That(options.LeaseName, Is.EqualTo("mo-lease"));
        Assert.That((options.LeaseDuration, options.LeaseRenewDeadline, options.LeaseRetryPeriod), Is.EqualTo((TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(5))));
        Assert.That(options.ClusterDomain, Is.EqualTo("corp.example"));
        Assert.That(options.ServiceName, Is.EqualTo("metrics"));
        Assert.That(options.ShutdownTimeout, Is.EqualTo(TimeSpan.FromSeconds(90)));
    }

    [TestCase("--lease-duration soon", "--lease-duration: \"soon\" is not a Go duration")]
    [TestCase("--lease-retry-period -1s", "--lease-retry-period: \"-1s\" is negative")]
    [TestCase("--lease-duration 10s", "--lease-duration (10s) must be longer than --lease-renew-deadline (10s)")]
    [TestCase("--lease-retry-period 9s", "--lease-renew-deadline (10s) must be longer than 1.2 × --lease-retry-period (10.8s)")]
    [TestCase("--lease-duration 3s --lease-renew-deadline 2s --lease-retry-period 1s", "--lease-duration: 3s is below the minimum of 5s (--development-mode allows shorter ones)")]
    [TestCase("--lease-name Leader_1", "--lease-name: \"Leader_1\" is not a valid Lease name")]
    [TestCase("--service-name 1metrics", "--service-name: \"1metrics\" is not a valid Service name")]
    [TestCase("--cluster-domain .local", "--cluster-domain: \".local\" is not a DNS domain")]
    [TestCase("--shutdown-timeout 0", "--shutdown-timeout: must be positive")]
    public void Invalid_lease_and_naming_flags_are_named(string args, string expected)
    {
        var (_, errors) = Parse("--namespace ns --pod-name p " + args);

        Assert.That(errors, Has.Count.EqualTo(1), string.Join("\n", errors));
        Assert.That(errors[0], Does.StartWith(expected));
    }

    [Test]
    public void Development_mode_allows_short_leases()
    {
        var (options, errors) = Parse("--namespace ns --pod-name p --development-mode --lease-duration 1s --lease-renew-deadline 600ms --lease-retry-period 200ms");

        Assert.That(errors, Is.Empty);
        Assert.That(options.DevelopmentMode, Is.True);
        Assert.That(options.Development.MinimumResolution, Is.EqualTo(TimeSpan.FromSeconds(1)));
    }
}
