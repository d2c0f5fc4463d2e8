using System.Net;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Hosting.Following;
using MetricsOperator.Kubernetes.Apply;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Tests.Kubernetes.Testing;
using static MetricsOperator.Tests.Kubernetes.Testing.FakeApiServerHandler;

namespace MetricsOperator.Tests.Hosting.Following;

public sealed class KubernetesKubeletCaSecretReaderTests
{
    private static readonly SecretKeyReference Reference = new() { Namespace = "ops", Name = "kubelet-ca", Key = "ca.crt" };

    [Test]
    public async Task Reads_the_named_key_of_the_Secret()
    {
        var (result, handler) = await ReadAsync(_ => Json("""{"kind":"Secret","apiVersion":"v1","metadata":{"name":"kubelet-ca"},"data":{"ca.crt":"UEVN"}}"""));

        Assert.Multiple(() =>
        {
            Assert.That(result.Pem, Is.EqualTo("PEM"));
            Assert.That(handler.Requests.Single().Uri.AbsolutePath, Is.EqualTo("/api/v1/namespaces/ops/secrets/kubelet-ca"));
        });
    }

    [Test]
    public async Task A_Secret_without_the_key_is_missing_and_names_the_key()
    {
        var (result, _) = await ReadAsync(_ => Json("""{"kind":"Secret","apiVersion":"v1","metadata":{"name":"kubelet-ca"},"data":{"other":"eA=="}}"""));

        Assert.Multiple(() =>
        {
            Assert.That(result.Pem, Is.Null);
            Assert.That(result.Transient, Is.False);
            Assert.That(result.Problem, Is.EqualTo("Secret ops/kubelet-ca has no key \"ca.crt\""));
        });
    }

    [Test]
    public async Task A_missing_Secret_is_missing()
    {
        var (result, _) = await ReadAsync(_ => Json("""{"kind":"Status","reason":"NotFound","code":404}""", HttpStatusCode.NotFound));

        Assert.Multiple(() =>
        {
            Assert.That(result.Transient, Is.False);
            Assert.That(result.Problem, Is.EqualTo("Secret ops/kubelet-ca does not exist"));
        });
    }

    [Test]
    public async Task A_forbidden_read_is_missing_with_the_servers_message()
    {
        var (result, _) = await ReadAsync(_ => Json(
            """{"kind":"Status","message":"secrets \"kubelet-ca\" is forbidden: User \"op\" cannot get resource \"secrets\"","code":403}""", HttpStatusCode.Forbidden));

        Assert.Multiple(() =>
        {
            Assert.That(result.Transient, Is.False);
            Assert.That(result.Problem, Does.StartWith("reading Secret ops/kubelet-ca is not allowed (403): secrets \"kubelet-ca\" is forbidden"));
        });
    }

    [Test]
    public async Task A_server_error_is_transient()
    {
        var (result, _) = await ReadAsync(_ => Json("""{"kind":"Status","message":"etcd timeout","code":503}""", HttpStatusCode.ServiceUnavailable));

        Assert.Multiple(() =>
        {
            Assert.That(result.Transient, Is.True);
            Assert.That(result.Problem, Does.StartWith("reading Secret ops/kubelet-ca failed:").And.Contain("etcd timeout"));
        });
    }

    [Test]
    public async Task A_reference_without_a_name_is_missing_without_a_request()
    {
        var (result, handler) = await ReadAsync(_ => throw new AssertionException("no request expected"), new SecretKeyReference { Namespace = "ops" });

        Assert.Multiple(() =>
        {
            Assert.That(result.Problem, Is.EqualTo("the CA Secret reference has no name"));
            Assert.That(handler.Requests, Is.Empty);
        });
    }

    private static async Task<(KubeletCaSecretResult Result, FakeApiServerHandler Handler)> ReadAsync(
        Func<HttpRequestMessage, HttpResponseMessage> respond, SecretKeyReference? reference = null)
    {
        var handler = new FakeApiServerHandler(respond);
        using var client = ClientFor(handler);
        var reader = new KubernetesKubeletCaSecretReader(new KubernetesResourceClient(KubernetesApiEndpoint.FromClient(client)));
        return (await reader.ReadAsync(reference ?? Reference, CancellationToken.None), handler);
    }
}
