using System.Net;
using System.Text;
using k8s;
using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Reconciliation;
using MetricsOperator.Reconciliation.Spec;
using Moq;

namespace MetricsOperator.Tests.Reconciliation;

/// <summary>The reconciler's decisions, against a mocked cluster client.</summary>
public sealed class MetricsBackendReconcilerTests
{
    [Test]
    public async Task TheFirstReconcileAppliesEveryChildWithTheBundleBeforeTheServingCertificate()
    {
        var harness = new ReconcilerHarness();
        harness.Backends.Add(TestBackends.Create());

        var result = await harness.Reconciler().ReconcileAsync("default", CancellationToken.None);

        Assert.That(harness.Calls, Is.EqualTo(new[]
        {
            "list MetricsBackend",
            "patch MetricsBackend metadata",
            "get APIService",
            "get Secret metrics-operator-ca",
            "get Secret metrics-operator-serving-cert",
            "apply Secret metrics-operator-ca",
            "apply Service metrics-operator",
            "apply APIService",
            "apply Secret metrics-operator-serving-cert",
            "apply ClusterRole",
            "delete ClusterRoleBinding",
            "patch MetricsBackend status",
        }));
        var serving = harness.Secrets[ChildNames.ServingSecret];
        Assert.Multiple(() =>
        {
            Assert.That(harness.Backend().Metadata.Finalizers, Is.EqualTo(new[] { BackendMarkers.ApiServiceCleanupFinalizer }));
            Assert.That(harness.MetadataPatches[0]["metadata"]!["resourceVersion"]!.GetValue<string>(), Is.EqualTo("100"), "optimistic concurrency");
            Assert.That(serving.Type, Is.EqualTo("kubernetes.io/tls"));
            Assert.That(serving.Data.Keys, Is.EquivalentTo(new[] { "tls.crt", "tls.key", "ca.crt" }));
            Assert.That(harness.ApiService!.Spec.CaBundle, Is.EqualTo(serving.Data["ca.crt"]), "the APIService trusts the CA that issued the served certificate");
            Assert.That(Encoding.ASCII.GetString(harness.ApiService.Spec.CaBundle), Does.StartWith("-----BEGIN CERTIFICATE-----"));
            Assert.That(harness.ApiService.Metadata.OwnerReferences.Single().Uid, Is.EqualTo("uid-default"));
            Assert.That(harness.Service!.Spec.Selector, Is.EqualTo(new Dictionary<string, string> { ["app.kubernetes.io/name"] = "metrics-operator" }));
            Assert.That(result.Requeue, Is.EqualTo(TimeSpan.FromSeconds(15)), "status refresh once per resolution; certificates are due much later");
            var status = harness.Backend().Status;
            Assert.That(BackendConditions.Ready(status).Reason, Is.EqualTo("APIServiceNotAvailable"), "the aggregator has not checked it yet");
            Assert.That(status.ServingCertificate!.NotAfter, Is.EqualTo(harness.Time.GetUtcNow().AddDays(365).UtcDateTime).Within(TimeSpan.FromMinutes(10)));
        });
    }

    [Test]
    public async Task AnUnchangedWorldPatchesNoStatusAndRecordsNoEvent()
    {
        var harness = new ReconcilerHarness();
        harness.Backends.Add(TestBackends.Create());
        var reconciler = harness.Reconciler();
        await reconciler.ReconcileAsync("default", CancellationToken.None);
        harness.SetApiServiceAvailable("True", "Passed", "all checks passed");
        harness.Time.Advance(TimeSpan.FromSeconds(15));
        await reconciler.ReconcileAsync("default", CancellationToken.None);
        var transitions = BackendConditions.Ready(harness.Backend().Status).LastTransitionTime;
        var eventsBefore = harness.RecordedEvents().Count;
        harness.Calls.Clear();

        harness.Time.Advance(TimeSpan.FromSeconds(15));
        await reconciler.ReconcileAsync("default", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(harness.Calls, Has.None.Contains("status"));
            Assert.That(harness.Calls, Has.None.Contains("metadata"), "the finalizer is there already");
            Assert.That(harness.RecordedEvents(), Has.Count.EqualTo(eventsBefore));
            Assert.That(BackendConditions.Ready(harness.Backend().Status).LastTransitionTime, Is.EqualTo(transitions));
            Assert.That(BackendConditions.Ready(harness.Backend().Status).Status, Is.EqualTo("True"));
        });
    }

    [Test]
    public async Task BecomingAvailableFlipsReadyOnceWithAnEvent()
    {
        var harness = new ReconcilerHarness();
        harness.Backends.Add(TestBackends.Create());
        var reconciler = harness.Reconciler();
        await reconciler.ReconcileAsync("default", CancellationToken.None);
        var firstTransition = BackendConditions.Ready(harness.Backend().Status).LastTransitionTime;

        harness.SetApiServiceAvailable("True", "Passed", "all checks passed");
        harness.Time.Advance(TimeSpan.FromSeconds(7));
        harness.Calls.Clear();
        await reconciler.ReconcileAsync("default", CancellationToken.None);

        var ready = BackendConditions.Ready(harness.Backend().Status);
        Assert.Multiple(() =>
        {
            Assert.That(harness.Calls, Has.Exactly(1).EqualTo("patch MetricsBackend status"));
            Assert.That((ready.Status, ready.Reason), Is.EqualTo(("True", "Ready")));
            Assert.That(ready.LastTransitionTime, Is.EqualTo(firstTransition.AddSeconds(7)));
            Assert.That(BackendConditions.Of(harness.Backend().Status, "APIServiceAvailable").Reason, Is.EqualTo("Passed"));
            Assert.That(harness.RecordedEvents(), Has.Exactly(1).StartsWith("Normal Ready:"));
            Assert.That(harness.RecordedEvents(), Has.Exactly(1).StartsWith("Warning APIServiceNotAvailable:"), "from the first reconcile");
        });
    }

    [Test]
    public async Task AForeignApiServiceIsLeftAloneAndReportedAsAConflict()
    {
        var harness = new ReconcilerHarness();
        harness.Backends.Add(TestBackends.Create());
        var foreign = TestApiServices.Foreign("kube-system", "metrics-server");
        harness.ApiService = foreign;

        await harness.Reconciler().ReconcileAsync("default", CancellationToken.None);

        var ready = BackendConditions.Ready(harness.Backend().Status);
        Assert.Multiple(() =>
        {
            Assert.That(harness.Calls, Has.None.EqualTo("apply APIService"));
            Assert.That(harness.ApiService, Is.SameAs(foreign));
            Assert.That((ready.Status, ready.Reason), Is.EqualTo(("False", "APIServiceConflict")));
            Assert.That(ready.Message, Does.Contain("Service kube-system/metrics-server"));
            Assert.That(harness.RecordedEvents(), Has.Some.StartsWith("Warning APIServiceConflict:").And.Contains("kube-system/metrics-server"));
            Assert.That(harness.Backend().Metadata.Annotations, Is.Null, "nothing saved without takeover");
        });
    }

    [Test]
    public async Task TakeoverSavesThePreviousSpecBeforeReplacingIt()
    {
        var harness = new ReconcilerHarness();
        harness.Backends.Add(TestBackends.Create(spec: new MetricsBackendSpec { ApiService = new ApiServiceSpec { Takeover = true } }));
        harness.ApiService = TestApiServices.Foreign("kube-system", "metrics-server");

        await harness.Reconciler().ReconcileAsync("default", CancellationToken.None);

        var saved = harness.Backend().Metadata.Annotations[BackendMarkers.PreviousApiServiceAnnotation];
        var savedSpec = KubernetesJson.Deserialize<V1APIServiceSpec>(saved);
        Assert.Multiple(() =>
        {
            Assert.That(harness.Calls.IndexOf("patch MetricsBackend metadata", 2), Is.LessThan(harness.Calls.IndexOf("apply APIService")), "saved first");
            Assert.That(savedSpec.Service.Name, Is.EqualTo("metrics-server"));
            Assert.That(savedSpec.InsecureSkipTLSVerify, Is.True);
            Assert.That(harness.ApiService!.Spec.Service.Name, Is.EqualTo("metrics-operator"));
            Assert.That(harness.ApiService.Metadata.OwnerReferences.Single().Name, Is.EqualTo("default"));
            Assert.That(harness.RecordedEvents(), Has.Some.StartsWith("Normal APIServiceTakenOver:"));
            Assert.That(harness.MetadataPatches[1]["metadata"]!["resourceVersion"]!.GetValue<string>(), Is.EqualTo("101"), "after the finalizer patch");
        });
    }

    [Test]
    public async Task ANewerBackendIsSupersededAndTouchesNothing()
    {
        var harness = new ReconcilerHarness();
        harness.Backends.Add(TestBackends.Create("first", createdMinute: 0));
        harness.Backends.Add(TestBackends.Create("second", createdMinute: 10));

        var result = await harness.Reconciler().ReconcileAsync("second", CancellationToken.None);

        var ready = BackendConditions.Ready(harness.Backend("second").Status);
        Assert.Multiple(() =>
        {
            Assert.That(harness.Calls, Is.EqualTo(new[] { "list MetricsBackend", "patch MetricsBackend status" }));
            Assert.That((ready.Status, ready.Reason), Is.EqualTo(("False", "Superseded")));
            Assert.That(ready.Message, Does.Contain("first"));
            Assert.That(result.Requeue, Is.Null);
            Assert.That(harness.RecordedEvents(), Has.Some.StartsWith("Warning Superseded:"));
        });
    }

    [Test]
    public async Task ATimeoutAbove90PercentOfTheResolutionIsAnInvalidSpecAndChangesNothing()
    {
        var harness = new ReconcilerHarness();
        harness.Backends.Add(TestBackends.Create(spec: new MetricsBackendSpec { Scraping = new ScrapingSpec { Resolution = "15s", Timeout = "14s" } }));

        var result = await harness.Reconciler().ReconcileAsync("default", CancellationToken.None);

        var ready = BackendConditions.Ready(harness.Backend().Status);
        Assert.Multiple(() =>
        {
            Assert.That(harness.Calls, Is.EqualTo(new[] { "list MetricsBackend", "patch MetricsBackend status" }));
            Assert.That((ready.Status, ready.Reason), Is.EqualTo(("False", "InvalidSpec")));
            Assert.That(ready.Message, Does.Contain("spec.scraping.timeout").And.Contains("90%"));
            Assert.That(harness.RecordedEvents(), Has.Some.StartsWith("Warning InvalidSpec:").And.Contains("spec.scraping.timeout"));
            Assert.That(result.Requeue, Is.Null);
        });
    }

    [Test]
    public void AForbiddenCallIsReportedByNameAndRethrownForBackoff()
    {
        var harness = new ReconcilerHarness();
        harness.Backends.Add(TestBackends.Create());
        var forbidden = new KubernetesApiException(HttpStatusCode.Forbidden, null, "services \"metrics-operator\" is forbidden: User cannot patch resource");
        harness.Client.Setup(c => c.ApplyAsync(It.IsAny<V1Service>(), It.IsAny<CancellationToken>())).ThrowsAsync(forbidden);

        var thrown = Assert.ThrowsAsync<ApiCallFailedException>(() => harness.Reconciler().ReconcileAsync("default", CancellationToken.None));

        var ready = BackendConditions.Ready(harness.Backend().Status);
        Assert.Multiple(() =>
        {
            Assert.That(thrown!.InnerException, Is.SameAs(forbidden));
            Assert.That(thrown.Call, Is.EqualTo("apply Service metrics-operator/metrics-operator"));
            Assert.That((ready.Status, ready.Reason), Is.EqualTo(("False", "KubernetesApiError")));
            Assert.That(ready.Message, Does.Contain("apply Service metrics-operator/metrics-operator failed").And.Contains("forbidden"));
            Assert.That(harness.RecordedEvents(), Has.Some.StartsWith("Warning KubernetesApiError:").And.Contains("apply Service"));
            Assert.That(harness.Calls, Has.None.EqualTo("apply APIService"), "stops at the failed step");
        });
    }

    [Test]
    public async Task ExtraReaderSubjectsAreBound()
    {
        var harness = new ReconcilerHarness();
        harness.Backends.Add(TestBackends.Create(spec: new MetricsBackendSpec
        {
            Access = new AccessSpec { ExtraReaderSubjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "my-scheduler", NamespaceProperty = "kube-system" }] },
        }));

        await harness.Reconciler().ReconcileAsync("default", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(harness.Calls, Has.Member("apply ClusterRoleBinding").And.None.EqualTo("delete ClusterRoleBinding"));
            Assert.That(harness.ClusterRoleBinding!.Subjects.Single().Name, Is.EqualTo("my-scheduler"));
            Assert.That(harness.ClusterRoleBinding.RoleRef.Name, Is.EqualTo(ChildNames.ReaderClusterRole));
        });
    }

    [Test]
    public async Task TheRequeueIsTheEarlierOfTheCertificateReviewAndTheResolution()
    {
        var harness = new ReconcilerHarness(DevelopmentMode.On);
        harness.Backends.Add(TestBackends.Create(spec: new MetricsBackendSpec
        {
            Scraping = new ScrapingSpec { Resolution = "30s" },
            Certificates = new CertificatesSpec { CaValidity = "1h", ServingValidity = "9s" },
        }));

        var result = await harness.Reconciler().ReconcileAsync("default", CancellationToken.None);

        Assert.That(result.Requeue, Is.EqualTo(TimeSpan.FromSeconds(6)), "renewal at two thirds of a 9 s certificate");
    }

    [Test]
    public async Task ARenewedCertificateIsPublishedWithAnEvent()
    {
        var harness = new ReconcilerHarness(DevelopmentMode.On);
        harness.Backends.Add(TestBackends.Create(spec: new MetricsBackendSpec
        {
            Scraping = new ScrapingSpec { Resolution = "30s" },
            Certificates = new CertificatesSpec { CaValidity = "1h", ServingValidity = "9s" },
        }));
        var reconciler = harness.Reconciler();
        await reconciler.ReconcileAsync("default", CancellationToken.None);
        var firstCertificate = harness.Secrets[ChildNames.ServingSecret].Data["tls.crt"];

        harness.Time.Advance(TimeSpan.FromSeconds(6));
        await reconciler.ReconcileAsync("default", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(harness.Secrets[ChildNames.ServingSecret].Data["tls.crt"], Is.Not.EqualTo(firstCertificate));
            Assert.That(harness.RecordedEvents(), Has.Some.StartsWith("Normal ServingCertificateRenewed:"));
            Assert.That(harness.Backend().Status.ServingCertificate!.NotAfter, Is.EqualTo(harness.Time.GetUtcNow().AddSeconds(9).UtcDateTime).Within(TimeSpan.FromSeconds(2)));
        });
    }
}
