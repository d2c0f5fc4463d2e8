using k8s;
using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Kubernetes.Serialization;

namespace MetricsOperator.Tests.Kubernetes.Serialization;

public sealed class KubernetesJsonSerializerTests
{
    private static readonly DateTime At = new(2026, 11, 28, 14, 30, 5, 123, DateTimeKind.Utc);

    private static IEnumerable<TestCaseData> Objects()
    {
        yield return new TestCaseData(new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta { Name = "n1", Labels = new Dictionary<string, string> { ["a"] = "b" }, CreationTimestamp = At },
            Status = new V1NodeStatus
            {
                Capacity = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("2500m"), ["memory"] = new("12240Ki") },
                Addresses = [new V1NodeAddress { Type = "InternalIP", Address = "10.0.0.1" }],
                DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = 10250 } },
            },
        }).SetName("a Node with quantities and a time (listed kind)");
        yield return new TestCaseData(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "s", NamespaceProperty = "ns" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 443, TargetPort = "https" }, new V1ServicePort { Port = 80, TargetPort = 8080 }] },
        }).SetName("a Service with IntOrString ports (listed kind)");
        yield return new TestCaseData(new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = "l", NamespaceProperty = "ops", ResourceVersion = "7" },
            Spec = new V1LeaseSpec { HolderIdentity = "pod-a", AcquireTime = At, RenewTime = At, LeaseDurationSeconds = 15, LeaseTransitions = 2 },
        }).SetName("a Lease with micro times (listed kind)");
        yield return new TestCaseData(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "d", NamespaceProperty = "ns" },
            Spec = new V1DeploymentSpec { Replicas = 2, Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "x" } } },
        }).SetName("a Deployment (not listed: reflection)");
        yield return new TestCaseData(new MetricsBackend
        {
            Metadata = new V1ObjectMeta { Name = "default" },
            Spec = new MetricsBackendSpec { Scraping = new ScrapingSpec { Resolution = "15s" } },
        }).SetName("a MetricsBackend (custom resource: reflection)");
    }

    [TestCaseSource(nameof(Objects))]
    public void Writes_what_KubernetesJson_writes(object value)
    {
        Assert.That(KubernetesJsonSerializer.Serialize(value), Is.EqualTo(KubernetesJson.Serialize(value)));
    }

    [TestCaseSource(nameof(Objects))]
    public void Reads_back_what_it_wrote(object value)
    {
        var json = KubernetesJsonSerializer.Serialize(value);
        var read = value switch
        {
            V1Node => KubernetesJsonSerializer.Deserialize<V1Node>(json),
            V1Service => KubernetesJsonSerializer.Deserialize<V1Service>(json),
            V1Lease => KubernetesJsonSerializer.Deserialize<V1Lease>(json),
            V1Deployment => KubernetesJsonSerializer.Deserialize<V1Deployment>(json),
            _ => (object?)KubernetesJsonSerializer.Deserialize<MetricsBackend>(json),
        };

        Assert.That(KubernetesJsonSerializer.Serialize(read!), Is.EqualTo(json));
    }

    [Test]
    public void Reads_a_list_response_with_nanosecond_times_and_a_continue_token()
    {
        using var body = new MemoryStream("""
            {"kind":"NodeList","apiVersion":"v1","metadata":{"resourceVersion":"9","continue":"c"},
             "items":[{"metadata":{"name":"n","creationTimestamp":"2026-11-28T14:30:05.123456789Z"},
                       "status":{"allocatable":{"cpu":"1500m"}}}]}
            """u8.ToArray());

        var list = KubernetesJsonSerializer.Deserialize<ResourceList<V1Node>>(body)!;

        Assert.Multiple(() =>
        {
            Assert.That(list.Metadata.ContinueProperty, Is.EqualTo("c"));
            Assert.That(list.Items.Single().Metadata.CreationTimestamp, Is.EqualTo(new DateTime(2026, 11, 28, 14, 30, 5, DateTimeKind.Utc).AddTicks(1234567)));
            Assert.That(list.Items.Single().Status.Allocatable["cpu"].ToString(), Is.EqualTo("1500m"));
        });
    }

    [Test]
    public void Malformed_json_is_a_JsonException_naming_the_position()
    {
        var error = Assert.Throws<System.Text.Json.JsonException>(() => KubernetesJsonSerializer.Deserialize<V1Status>("{\"code\": \"x\"}"));
        Assert.That(error!.Message, Does.Contain("$.code"));
    }
}
