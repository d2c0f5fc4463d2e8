using System.Diagnostics.Metrics;
using MetricsOperator.Serving.Authorization;
using MetricsOperator.Tests.Serving.Authentication.Testing;
using MetricsOperator.Tests.Serving.Authorization.Testing;

namespace MetricsOperator.Tests.Serving.Authorization;

public sealed class AuthorizationMetricsTests
{
    private const string Decisions = "metrics_operator.authorization.decisions";

    [Test]
    public async Task Decisions_are_counted_by_outcome_and_by_what_decided_them()
    {
        using var pki = new TestPki();
        var reviewer = new FakeSubjectAccessReviewer { Decide = attributes => attributes.Resource == "nodes" ? AccessReviewDecision.Allow() : AccessReviewDecision.Deny() };
        await using var server = await AccessControlTestServer.StartAsync(pki, reviewer: reviewer);
        using var recorder = new MeasurementRecorder(server.Services.GetRequiredService<IMeterFactory>());
        using var admin = pki.Client("admin", "system:masters");
        using var jane = pki.Client("jane");
        using var adminClient = server.Client(admin);
        using var janeClient = server.Client(jane);

        await janeClient.GetAsync("/healthz");
        await adminClient.GetAsync("/apis/metrics.k8s.io/v1beta1/pods");
        await janeClient.GetAsync("/apis/metrics.k8s.io/v1beta1/nodes");
        await janeClient.GetAsync("/apis/metrics.k8s.io/v1beta1/nodes");
        await janeClient.GetAsync("/apis/metrics.k8s.io/v1beta1/pods");
        reviewer.Failure = new HttpRequestException("down");
        await janeClient.GetAsync("/version");

        Assert.Multiple(() =>
        {
            Assert.That(recorder.Sum(Decisions + "{decision=allowed,source=path}"), Is.EqualTo(1));
            Assert.That(recorder.Sum(Decisions + "{decision=allowed,source=group}"), Is.EqualTo(1));
            Assert.That(recorder.Sum(Decisions + "{decision=allowed,source=review}"), Is.EqualTo(1));
            Assert.That(recorder.Sum(Decisions + "{decision=allowed,source=cache}"), Is.EqualTo(1));
            Assert.That(recorder.Sum(Decisions + "{decision=forbidden,source=review}"), Is.EqualTo(1));
            Assert.That(recorder.Sum(Decisions + "{decision=error,source=review}"), Is.EqualTo(1));
            Assert.That(recorder.SumOf(Decisions), Is.EqualTo(6));
        });
    }
}
