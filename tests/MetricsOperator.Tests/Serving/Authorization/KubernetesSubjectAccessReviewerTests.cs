using System.Net;
using MetricsOperator.Kubernetes.Apply;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Serving.Authentication;
using MetricsOperator.Serving.Authorization;
using MetricsOperator.Tests.Kubernetes.Testing;
using static MetricsOperator.Tests.Kubernetes.Testing.FakeApiServerHandler;

namespace MetricsOperator.Tests.Serving.Authorization;

/// <summary>The SubjectAccessReview the resource-client implementation posts, byte for byte, and how it reads the answer.</summary>
public sealed class KubernetesSubjectAccessReviewerTests
{
    private static readonly KubernetesUser Hpa = new(
        "system:serviceaccount:kube-system:horizontal-pod-autoscaler",
        ["system:serviceaccounts", "system:authenticated"],
        "uid-7",
        new Dictionary<string, IReadOnlyList<string>> { ["authentication.kubernetes.io/pod-name"] = ["kcm-0"] });

    [Test]
    public async Task A_resource_request_is_reviewed_with_resource_attributes()
    {
        var (handler, bodies) = Answering("""{"status":{"allowed":true,"reason":"RBAC: allowed by ClusterRoleBinding"}}""");
        using var client = ClientFor(handler);
        var attributes = new RequestAttributes
        {
            User = Hpa,
            Verb = "list",
            Path = "/apis/metrics.k8s.io/v1beta1/namespaces/web/pods",
            IsResourceRequest = true,
            ApiGroup = "metrics.k8s.io",
            ApiVersion = "v1beta1",
            Resource = "pods",
            Namespace = "web",
        };

        var decision = await ReviewerFor(client).ReviewAsync(attributes, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(handler.Requests.Single().Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(handler.Requests.Single().Uri.AbsolutePath, Is.EqualTo("/apis/authorization.k8s.io/v1/subjectaccessreviews"));
            Assert.That(handler.Requests.Single().Authorization, Is.EqualTo("Bearer test-token"), "the client's credentials");
            Assert.That(bodies.Single(), Is.EqualTo(
                """{"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{"extra":{"authentication.kubernetes.io/pod-name":["kcm-0"]},"groups":["system:serviceaccounts","system:authenticated"],"resourceAttributes":{"group":"metrics.k8s.io","namespace":"web","resource":"pods","verb":"list","version":"v1beta1"},"uid":"uid-7","user":"system:serviceaccount:kube-system:horizontal-pod-autoscaler"}}"""));
            Assert.That(decision, Is.EqualTo(AccessReviewDecision.Allow("RBAC: allowed by ClusterRoleBinding")));
        });
    }

    [Test]
    public async Task A_non_resource_request_is_reviewed_with_its_path_and_verb()
    {
        var (handler, bodies) = Answering("""{"status":{"allowed":false,"denied":true,"reason":"no"}}""");
        using var client = ClientFor(handler);
        var attributes = new RequestAttributes { User = KubernetesUser.Anonymous, Verb = "get", Path = "/openapi/v2" };

        var decision = await ReviewerFor(client).ReviewAsync(attributes, CancellationToken.None);

        Assert.That(bodies.Single(), Is.EqualTo(
            """{"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{"groups":["system:unauthenticated"],"nonResourceAttributes":{"path":"/openapi/v2","verb":"get"},"user":"system:anonymous"}}"""));
        Assert.That(decision, Is.EqualTo(AccessReviewDecision.Deny("no")));
    }

    [TestCase("""{"status":{"allowed":false}}""")]
    [TestCase("""{"status":{"allowed":false,"reason":""}}""")]
    public async Task Neither_allowed_nor_denied_is_no_opinion(string answer)
    {
        using var client = ClientFor(Answering(answer).Handler);

        var decision = await ReviewerFor(client).ReviewAsync(new RequestAttributes { User = Hpa, Verb = "get", Path = "/" }, CancellationToken.None);

        Assert.That(decision, Is.EqualTo(AccessReviewDecision.NoOpinion()));
    }

    [TestCase("""{"status":{"allowed":true,"denied":true}}""", "the SubjectAccessReview returned both allowed and denied")]
    [TestCase("""{"kind":"SubjectAccessReview"}""", "the SubjectAccessReview response carries no status")]
    public void A_contradictory_or_empty_answer_is_an_error(string answer, string message)
    {
        using var client = ClientFor(Answering(answer).Handler);

        Assert.That(() => ReviewerFor(client).ReviewAsync(new RequestAttributes { User = Hpa, Verb = "get", Path = "/" }, CancellationToken.None),
            Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo(message));
    }

    [Test]
    public void An_API_error_surfaces_as_an_exception_with_the_status_and_the_servers_message()
    {
        using var client = ClientFor(new FakeApiServerHandler(_ => Json(
            """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"subjectaccessreviews.authorization.k8s.io is forbidden: User \"system:serviceaccount:kube-system:metrics-operator\" cannot create resource \"subjectaccessreviews\"","reason":"Forbidden","code":403}""",
            HttpStatusCode.Forbidden)));

        Assert.That(() => ReviewerFor(client).ReviewAsync(new RequestAttributes { User = Hpa, Verb = "get", Path = "/" }, CancellationToken.None),
            Throws.InstanceOf<KubernetesApiException>()
                .With.Property(nameof(KubernetesApiException.StatusCode)).EqualTo(HttpStatusCode.Forbidden)
                .And.Message.Contains("POST /apis/authorization.k8s.io/v1/subjectaccessreviews failed with 403")
                .And.Message.Contains("cannot create resource \"subjectaccessreviews\""));
    }

    [Test]
    public void An_unreachable_API_server_surfaces_as_an_exception_naming_the_connection_failure()
    {
        using var client = ClientFor(new FakeApiServerHandler(_ => throw new HttpRequestException("Connection refused (127.0.0.1:6443)")));

        Assert.That(() => ReviewerFor(client).ReviewAsync(new RequestAttributes { User = Hpa, Verb = "get", Path = "/" }, CancellationToken.None),
            Throws.InstanceOf<HttpRequestException>().With.Message.Contains("Connection refused (127.0.0.1:6443)"));
    }

    private static KubernetesSubjectAccessReviewer ReviewerFor(k8s.Kubernetes client) =>
        new(new KubernetesResourceClient(KubernetesApiEndpoint.FromClient(client)));

    private static (FakeApiServerHandler Handler, List<string> Bodies) Answering(string answer)
    {
        var bodies = new List<string>();
        var handler = new FakeApiServerHandler(request =>
        {
            bodies.Add(request.Content!.ReadAsStringAsync().GetAwaiter().GetResult());
            return Json(answer);
        });
        return (handler, bodies);
    }
}
