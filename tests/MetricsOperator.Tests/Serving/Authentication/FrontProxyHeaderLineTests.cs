using System.Text.Json;
using MetricsOperator.Tests.Serving.Authentication.Testing;

namespace MetricsOperator.Tests.Serving.Authentication;

/// <summary>
/// The front-proxy headers as the aggregator sends them: one line per value (written by hand, since HttpClient folds
/// repeated headers into one comma-joined line, which, as in the API server, is then a single value).
/// </summary>
public sealed class FrontProxyHeaderLineTests
{
    [Test]
    public async Task Every_line_of_every_group_header_is_a_group_and_extra_headers_gather_their_values_by_key()
    {
        using var pki = new TestPki();
        await using var server = await AccessControlTestServer.StartAsync(pki);
        using var proxy = pki.FrontProxyClient();

        var (status, body) = await RawHttpsRequest.SendAsync(
            server,
            proxy,
            "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods",
            "X-Remote-User: system:serviceaccount:kube-system:horizontal-pod-autoscaler",
            "X-Remote-Group: system:serviceaccounts",
            "X-Remote-Group: system:serviceaccounts:kube-system",
            "X-Remote-Group: ",
            "X-Remote-Extra-Authentication.kubernetes.io%2Fpod-name: hpa-0",
            "x-remote-extra-authentication.kubernetes.io%2fpod-name: hpa-1",
            "X-Remote-Extra-Bad%zzKey: kept");
        var caller = JsonSerializer.Deserialize<EchoedCaller>(body)!;

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(200), body);
            Assert.That(caller.User, Is.EqualTo("system:serviceaccount:kube-system:horizontal-pod-autoscaler"));
            Assert.That(caller.Groups, Is.EqualTo(new[] { "system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated" }));
            Assert.That(caller.Extra, Is.EquivalentTo(new Dictionary<string, string[]>
            {
                ["authentication.kubernetes.io/pod-name"] = ["hpa-0", "hpa-1"],
                ["bad%zzkey"] = ["kept"],
            }));
            Assert.That(caller.IdentityHeaders, Is.Empty);
        });
    }

    [Test]
    public async Task A_certificate_refused_for_the_front_proxy_still_counts_if_a_bearer_token_authenticates()
    {
        using var pki = new TestPki();
        await using var server = await AccessControlTestServer.StartAsync(pki);
        server.Tokens.Accept("good-token", new MetricsOperator.Serving.Authentication.KubernetesUser("robot", ["bots"]));
        using var rogue = pki.RogueAuthority.IssueClientCertificate("admin");

        var (status, body) = await RawHttpsRequest.SendAsync(server, rogue, "/version", "Authorization: Bearer good-token", "X-Remote-User: admin");
        var caller = JsonSerializer.Deserialize<EchoedCaller>(body)!;

        Assert.That((status, caller.User, caller.Method), Is.EqualTo((200, "robot", "BearerToken")), body);
        Assert.That(caller.IdentityHeaders, Is.Empty, "neither the spoofed header nor the used token goes further");
    }
}
