using MetricsOperator.Certificates;

namespace MetricsOperator.Tests.Certificates;

public sealed class ServingCertificateDnsNamesTests
{
    [Test]
    public void The_four_names_of_a_service_in_order()
    {
        Assert.That(ServingCertificateDnsNames.For("metrics-operator", "monitoring", "example.org."), Is.EqualTo(new[]
        {
            "metrics-operator", "metrics-operator.monitoring", "metrics-operator.monitoring.svc", "metrics-operator.monitoring.svc.example.org",
        }));
    }

    [TestCase("", "ns", "cluster.local", "service must not be empty")]
    [TestCase("svc", " ", "cluster.local", "ns must not be empty")]
    [TestCase("svc", "ns", "", "clusterDomain must not be empty")]
    [TestCase("svc", "n s", "cluster.local", "ns 'n s' is not a DNS name")]
    [TestCase("svc/x", "ns", "cluster.local", "service 'svc/x' is not a DNS name")]
    public void Bad_parts_are_refused_naming_them(string service, string ns, string domain, string message) =>
        Assert.That(() => ServingCertificateDnsNames.For(service, ns, domain), Throws.ArgumentException.With.Message.StartsWith(message));
}
