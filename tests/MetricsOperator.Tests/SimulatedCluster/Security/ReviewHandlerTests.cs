using k8s.Models;
using MetricsOperator.SimulatedCluster.Security;
using static MetricsOperator.Tests.SimulatedCluster.Security.RbacObjects;

namespace MetricsOperator.Tests.SimulatedCluster.Security;

[TestFixture]
public sealed class ReviewHandlerTests
{
    private InMemoryClusterState _state = null!;
    private ServiceAccountTokens _tokens = null!;
    private TokenReviewHandler _tokenReviews = null!;
    private SubjectAccessReviewHandler _accessReviews = null!;

    [SetUp]
    public void SetUp()
    {
        _state = new InMemoryClusterState();
        _tokens = new ServiceAccountTokens();
        _tokenReviews = new TokenReviewHandler(new ServiceAccountTokenAuthenticator(_tokens, _state));
        _accessReviews = new SubjectAccessReviewHandler(new RbacAuthorizer(new RuleResolver(_state)));
    }

    [Test]
    public void A_valid_token_is_reviewed_as_its_service_account()
    {
        _state.Upsert(ServiceAccountObject("kube-system", "metrics"));
        var token = _tokens.Mint("kube-system", "metrics");

        var result = _tokenReviews.Review(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = token, Audiences = ["api"] } });

        Assert.That(result.Error, Is.Null);
        var status = result.Response!.Status;
        Assert.Multiple(() =>
        {
            Assert.That(status.Authenticated, Is.True);
            Assert.That(status.User.Username, Is.EqualTo("system:serviceaccount:kube-system:metrics"));
            Assert.That(status.User.Groups, Does.Contain("system:serviceaccounts:kube-system"));
            Assert.That(status.Audiences, Is.EqualTo(new[] { "api" }));
            Assert.That(result.Response.Kind, Is.EqualTo("TokenReview"));
        });
    }

    [Test]
    public void An_unknown_token_is_not_authenticated_and_an_empty_one_is_a_bad_request()
    {
        var unknown = _tokenReviews.Review(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = "nope" } });
        var empty = _tokenReviews.Review(new V1TokenReview { Spec = new V1TokenReviewSpec() });

        Assert.Multiple(() =>
        {
            Assert.That(unknown.Response!.Status.Authenticated, Is.False);
            Assert.That(unknown.Response.Status.Error, Is.EqualTo("invalid bearer token"));
            Assert.That(empty.Error?.Code, Is.EqualTo(400));
            Assert.That(empty.Error?.Message, Is.EqualTo("token is required for TokenReview in authentication"));
        });
    }

    [Test]
    public void Subject_access_review_answers_from_rbac_for_resources_and_paths()
    {
        _state.Upsert(ClusterRole("node-metrics", null, Rule(["get"], [""], ["nodes/metrics"]), Urls(["get"], ["/metrics"])));
        _state.Upsert(ClusterBinding("scraper", "node-metrics", ServiceAccount("kube-system", "metrics")));
        var user = "system:serviceaccount:kube-system:metrics";

        var allowed = _accessReviews.Review(Review(user, new V1ResourceAttributes { Verb = "get", Resource = "nodes", Subresource = "metrics", Name = "node-1" }));
        var denied = _accessReviews.Review(Review(user, new V1ResourceAttributes { Verb = "get", Resource = "nodes", Subresource = "proxy", Name = "node-1" }));
        var path = _accessReviews.Review(new V1SubjectAccessReview { Spec = new V1SubjectAccessReviewSpec { User = user, NonResourceAttributes = new V1NonResourceAttributes { Path = "/metrics", Verb = "get" } } });

        Assert.Multiple(() =>
        {
            Assert.That(allowed.Response!.Status.Allowed, Is.True);
            Assert.That(allowed.Response.Status.Reason, Is.EqualTo("RBAC: allowed by ClusterRoleBinding \"scraper\" of ClusterRole \"node-metrics\" to ServiceAccount \"metrics/kube-system\""));
            Assert.That(denied.Response!.Status.Allowed, Is.False);
            Assert.That(path.Response!.Status.Allowed, Is.True);
        });
    }

    [Test]
    public void Subject_access_review_without_attributes_or_subject_is_invalid()
    {
        var noAttributes = _accessReviews.Review(new V1SubjectAccessReview { Spec = new V1SubjectAccessReviewSpec { User = "u" } });
        var noSubject = _accessReviews.Review(Review(string.Empty, new V1ResourceAttributes { Verb = "get", Resource = "pods" }));

        Assert.Multiple(() =>
        {
            Assert.That(noAttributes.Error?.Code, Is.EqualTo(422));
            Assert.That(noAttributes.Error?.Message, Does.EndWith("exactly one of nonResourceAttributes or resourceAttributes must be specified"));
            Assert.That(noSubject.Error?.Message, Is.EqualTo("SubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.user: Invalid value: \"\": at least one of user or group must be specified"));
        });
    }

    private static V1SubjectAccessReview Review(string user, V1ResourceAttributes attributes) =>
        new() { Spec = new V1SubjectAccessReviewSpec { User = user, ResourceAttributes = attributes } };
}
