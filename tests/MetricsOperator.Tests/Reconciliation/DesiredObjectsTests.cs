using System.Text;
using k8s.Models;
using MetricsOperator.Reconciliation;
using MetricsOperator.Reconciliation.Spec;

namespace MetricsOperator.Tests.Reconciliation;

/// <summary>The children the reconciler applies, compared with hand-written expected manifests.</summary>
public sealed class DesiredObjectsTests
{
    private static readonly ReconcilerOptions Options = new() { OperatorNamespace = "metrics-operator" };
    private static readonly byte[] Bundle = Encoding.ASCII.GetBytes("-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n");

    [Test]
    public void ServiceSelectsTheOperatorPodsOnPort443ToTheHttpsPort()
    {
        var service = DesiredService.Build(
            TestBackends.Create(), Options, new Dictionary<string, string> { ["app.kubernetes.io/name"] = "metrics-operator" });

        ExpectedYaml.AssertMatches(service, "service.yaml");
    }

    [Test]
    public void ApiServicePointsAtTheServiceWithTheCaBundle()
    {
        var apiService = DesiredApiService.Build(TestBackends.Create(), Options, new ApiServiceSettings(100, 100, false, false), Bundle);

        ExpectedYaml.AssertMatches(apiService, "apiservice.yaml");
        Assert.That(apiService.Spec.CaBundle, Is.EqualTo(Bundle), "the raw PEM; the serializer base64-encodes it");
    }

    [Test]
    public void InsecureApiServiceHasNoCaBundle()
    {
        var apiService = DesiredApiService.Build(TestBackends.Create(), Options, new ApiServiceSettings(50, 20, false, true), Bundle);

        ExpectedYaml.AssertMatches(apiService, "apiservice-insecure.yaml");
    }

    [Test]
    public void ReaderClusterRoleIsAggregatedIntoViewEditAndAdmin()
    {
        ExpectedYaml.AssertMatches(DesiredReaderRbac.ClusterRole(TestBackends.Create()), "clusterrole-reader.yaml");
    }

    [Test]
    public void ReaderBindingBindsTheExtraSubjects()
    {
        var binding = DesiredReaderRbac.ClusterRoleBinding(
            TestBackends.Create(),
            [new Rbacv1Subject { Kind = "ServiceAccount", Name = "my-scheduler", NamespaceProperty = "kube-system" }]);

        ExpectedYaml.AssertMatches(binding, "clusterrolebinding-reader.yaml");
    }

    [Test]
    public void NoBindingWithoutExtraSubjects()
    {
        Assert.That(DesiredReaderRbac.ClusterRoleBinding(TestBackends.Create(), []), Is.Null);
    }

    [Test]
    public void SecretsCarryTheCertificateDataWithTheirTypes()
    {
        var backend = TestBackends.Create();
        var serving = DesiredSecrets.Serving(backend, Options, new Dictionary<string, byte[]>
        {
            ["tls.key"] = Encoding.ASCII.GetBytes("key"),
            ["tls.crt"] = Encoding.ASCII.GetBytes("crt"),
            ["ca.crt"] = Encoding.ASCII.GetBytes("ca"),
        });
        var ca = DesiredSecrets.Ca(backend, Options, new Dictionary<string, byte[]> { ["ca.crt"] = Encoding.ASCII.GetBytes("ca") });

        ExpectedYaml.AssertMatches(serving, "secret-serving.yaml");
        ExpectedYaml.AssertMatches(ca, "secret-ca.yaml");
    }

    [Test]
    public void OptionsNameTheServiceNamespaceAndDomain()
    {
        var options = Options with { ServiceName = "metrics", ClusterDomain = "corp.example" };
        var service = DesiredService.Build(TestBackends.Create(), options, new Dictionary<string, string> { ["app"] = "m" });
        var apiService = DesiredApiService.Build(TestBackends.Create(), options, new ApiServiceSettings(100, 100, false, false), Bundle);

        Assert.Multiple(() =>
        {
            Assert.That(service.Metadata.Name, Is.EqualTo("metrics"));
            Assert.That(apiService.Spec.Service.Name, Is.EqualTo("metrics"));
            Assert.That(apiService.Spec.Service.NamespaceProperty, Is.EqualTo("metrics-operator"));
        });
    }

    [TestCase("", "cluster.local", "metrics-operator", "operator namespace")]
    [TestCase("Bad_NS", "cluster.local", "metrics-operator", "operator namespace")]
    [TestCase("ns", "", "metrics-operator", "cluster domain")]
    [TestCase("ns", "cluster..local", "metrics-operator", "cluster domain")]
    [TestCase("ns", "cluster.local", "9metrics", "service name")]
    public void InvalidOptionsAreNamed(string ns, string domain, string service, string expected)
    {
        var problems = new ReconcilerOptions { OperatorNamespace = ns, ClusterDomain = domain, ServiceName = service }.Validate();

        Assert.That(problems, Has.One.Contains(expected));
    }

    [Test]
    public void DefaultOptionsAreValid()
    {
        Assert.That(Options.Validate(), Is.Empty);
    }
}
