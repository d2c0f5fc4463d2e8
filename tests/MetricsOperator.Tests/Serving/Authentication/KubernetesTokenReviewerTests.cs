using System.Net;
using System.Text.Json;
using MetricsOperator.Kubernetes.Apply;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Serving.Authentication;
using MetricsOperator.Tests.Kubernetes.Testing;
using static MetricsOperator.Tests.Kubernetes.Testing.FakeApiServerHandler;

namespace MetricsOperator.Tests.Serving.Authentication;

/// <summary>The TokenReview request the resource-client implementation sends and how it reads the answer.</summary>
public sealed class KubernetesTokenReviewerTests
{
    [Test]
    public async Task Posts_a_TokenReview_with_the_token_and_audiences_and_reads_the_user()
    {
        string? body = null;
        var handler = new FakeApiServerHandler(request =>
        {
            body = request.Content!.ReadAsStringAsync().GetAwaiter().GetResult();
            return Json("""
                {"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","status":{"authenticated":true,
                 "user":{"username":"system:serviceaccount:monitoring:prometheus","uid":"u-1","groups":["system:serviceaccounts"],
                         "extra":{"authentication.kubernetes.io/pod-name":["prometheus-0"]}},
                 "audiences":["metrics"]}}
                """);
        });
        using var client = ClientFor(handler);

        var result = await ReviewerFor(client).ReviewAsync("secret-token", ["metrics"], CancellationToken.None);

        using var sent = JsonDocument.Parse(body!);
        Assert.Multiple(() =>
        {
            Assert.That(handler.Requests.Single().Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(handler.Requests.Single().Uri.AbsolutePath, Is.EqualTo("/apis/authentication.k8s.io/v1/tokenreviews"));
            Assert.That(handler.Requests.Single().Authorization, Is.EqualTo("Bearer test-token"), "the client's credentials");
            Assert.That(sent.RootElement.GetProperty("apiVersion").GetString(), Is.EqualTo("authentication.k8s.io/v1"));
            Assert.That(sent.RootElement.GetProperty("kind").GetString(), Is.EqualTo("TokenReview"));
            Assert.That(sent.RootElement.GetProperty("spec").GetProperty("token").GetString(), Is.EqualTo("secret-token"));
            Assert.That(sent.RootElement.GetProperty("spec").GetProperty("audiences")[0].GetString(), Is.EqualTo("metrics"));
            Assert.That(result.Authenticated, Is.True);
            Assert.That(result.User, Is.EqualTo(new KubernetesUser(
                "system:serviceaccount:monitoring:prometheus",
                ["system:serviceaccounts"],
                "u-1",
                new Dictionary<string, IReadOnlyList<string>> { ["authentication.kubernetes.io/pod-name"] = ["prometheus-0"] })));
            Assert.That(result.Audiences, Is.EqualTo(new[] { "metrics" }));
        });
    }

    [Test]
    public async Task Without_audiences_none_are_sent_and_a_rejection_carries_the_servers_error()
    {
        string? body = null;
        var handler = new FakeApiServerHandler(request =>
        {
            body = request.Content!.ReadAsStringAsync().GetAwaiter().GetResult();
            return Json("""{"status":{"authenticated":false,"error":"token has expired"}}""");
        });
        using var client = ClientFor(handler);

        var result = await ReviewerFor(client).ReviewAsync("old", [], CancellationToken.None);

        Assert.That(body, Does.Not.Contain("audiences"));
        Assert.That((result.Authenticated, result.User, result.Error), Is.EqualTo((false, (KubernetesUser?)null, "token has expired")));
    }

    [TestCase("""{"kind":"TokenReview"}""", "the TokenReview response carries no status")]
    [TestCase("""{"status":{"authenticated":true,"user":{}}}""", "the TokenReview authenticated the token but names no user")]
    public void An_unusable_answer_is_an_error_not_a_user(string answer, string message)
    {
        using var client = ClientFor(new FakeApiServerHandler(_ => Json(answer)));

        Assert.That(() => ReviewerFor(client).ReviewAsync("t", [], CancellationToken.None),
            Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo(message));
    }

    [Test]
    public void An_API_error_surfaces_as_an_exception_with_the_status_and_the_servers_message()
    {
        using var client = ClientFor(new FakeApiServerHandler(_ => Json(
            """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"tokenreviews.authentication.k8s.io is forbidden: User \"system:serviceaccount:kube-system:metrics-operator\" cannot create resource \"tokenreviews\"","reason":"Forbidden","code":403}""",
            HttpStatusCode.Forbidden)));

        Assert.That(() => ReviewerFor(client).ReviewAsync("t", [], CancellationToken.None), Throws.InstanceOf<KubernetesApiException>()
            .With.Property(nameof(KubernetesApiException.StatusCode)).EqualTo(HttpStatusCode.Forbidden)
            .And.Message.Contains("POST /apis/authentication.k8s.io/v1/tokenreviews failed with 403")
            .And.Message.Contains("cannot create resource \"tokenreviews\""));
    }

    [Test]
    public void An_unreachable_API_server_surfaces_as_an_exception_naming_the_connection_failure()
    {
        using var client = ClientFor(new FakeApiServerHandler(_ => throw new HttpRequestException("Connection refused (127.0.0.1:6443)")));

        Assert.That(() => ReviewerFor(client).ReviewAsync("t", [], CancellationToken.None),
            Throws.InstanceOf<HttpRequestException>().With.Message.Contains("Connection refused (127.0.0.1:6443)"));
    }

    private static KubernetesTokenReviewer ReviewerFor(k8s.Kubernetes client) =>
        new(new KubernetesResourceClient(KubernetesApiEndpoint.FromClient(client)));
}
