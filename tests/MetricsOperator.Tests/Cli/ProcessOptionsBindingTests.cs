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
}
