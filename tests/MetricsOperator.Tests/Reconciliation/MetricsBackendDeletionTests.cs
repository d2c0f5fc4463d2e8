using System.Net;
using k8s.Models;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Reconciliation;
using Moq;

namespace MetricsOperator.Tests.Reconciliation;

/// <summary>The reconciler's decisions when a MetricsBackend is deleted, against a mocked cluster client.</summary>
public sealed class MetricsBackendDeletionTests
{
    [Test]
    public async Task DeletionRemovesTheApiServiceBeforeTheFinalizer()
    {
        var harness = new ReconcilerHarness();
        var backend = TestBackends.Create().WithFinalizer().Deleting();
        harness.Backends.Add(backend);
        harness.ApiService = TestApiServices.OwnedBy(backend);

        var result = await harness.Reconciler().ReconcileAsync("default", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(harness.Calls, Is.EqualTo(new[] { "list MetricsBackend", "get APIService", "delete APIService uid=apiservice-uid", "patch MetricsBackend metadata" }));
            Assert.That(harness.Backend().Metadata.Finalizers, Is.EqualTo(new[] { "example.com/other" }), "other finalizers stay");
            Assert.That(result.Requeue, Is.Null);
            Assert.That(harness.RecordedEvents(), Has.Some.StartsWith("Normal APIServiceDeleted:"));
        });
    }

    [Test]
    public async Task DeletionAfterTakeoverRestoresThePreviousApiService()
    {
        var harness = new ReconcilerHarness();
        var backend = TestBackends.Create().WithFinalizer().Deleting();
        backend.Metadata.Annotations = new Dictionary<string, string>
        {
            [BackendMarkers.PreviousApiServiceAnnotation] = PreviousApiService.Serialize(TestApiServices.Foreign("kube-system", "metrics-server")),
        };
        harness.Backends.Add(backend);
        harness.ApiService = TestApiServices.OwnedBy(backend);

        await harness.Reconciler().ReconcileAsync("default", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(harness.Calls, Is.EqualTo(new[] { "list MetricsBackend", "get APIService", "apply APIService", "patch MetricsBackend metadata" }));
            Assert.That(harness.ApiService!.Spec.Service.Name, Is.EqualTo("metrics-server"));
            Assert.That(harness.ApiService.Spec.Service.NamespaceProperty, Is.EqualTo("kube-system"));
            Assert.That(harness.ApiService.Metadata.OwnerReferences, Is.Null.Or.Empty, "handed back");
            Assert.That(harness.ApiService.Metadata.Labels, Is.Null.Or.Empty);
            Assert.That(harness.RecordedEvents(), Has.Some.StartsWith("Normal APIServiceRestored:").And.Contains("kube-system/metrics-server"));
        });
    }

    [Test]
    public async Task DeletionLeavesAnotherBackendsApiServiceAlone()
    {
        var harness = new ReconcilerHarness();
        var leaving = TestBackends.Create("leaving").WithFinalizer().Deleting();
        var successor = TestBackends.Create("successor", createdMinute: 5);
        harness.Backends.AddRange([leaving, successor]);
        harness.ApiService = TestApiServices.OwnedBy(successor);

        await harness.Reconciler().ReconcileAsync("leaving", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(harness.Calls, Is.EqualTo(new[] { "list MetricsBackend", "get APIService", "patch MetricsBackend metadata" }));
            Assert.That(harness.ApiService, Is.Not.Null);
        });
    }

    [Test]
    public void AFailedDeletionKeepsTheFinalizerAndSaysWhy()
    {
        var harness = new ReconcilerHarness();
        var backend = TestBackends.Create().WithFinalizer().Deleting();
        harness.Backends.Add(backend);
        harness.ApiService = TestApiServices.OwnedBy(backend);
        harness.Client.Setup(c => c.DeleteAsync<V1APIService>(null, ChildNames.ApiService, It.IsAny<CancellationToken>(), It.IsAny<string?>()))
            .ThrowsAsync(new KubernetesApiException(HttpStatusCode.Forbidden, null, "apiservices is forbidden"));

        Assert.ThrowsAsync<ApiCallFailedException>(() => harness.Reconciler().ReconcileAsync("default", CancellationToken.None));

        var ready = BackendConditions.Ready(harness.Backend().Status);
        Assert.Multiple(() =>
        {
            Assert.That(harness.Backend().Metadata.Finalizers, Does.Contain(BackendMarkers.ApiServiceCleanupFinalizer));
            Assert.That((ready.Status, ready.Reason), Is.EqualTo(("False", "KubernetesApiError")));
            Assert.That(ready.Message, Does.Contain("delete APIService v1beta1.metrics.k8s.io failed").And.Contains("forbidden"));
            Assert.That(harness.RecordedEvents(), Has.Some.StartsWith("Warning KubernetesApiError:").And.Contains("delete APIService"));
        });
    }

    [Test]
    public async Task ABackendBeingDeletedWithoutOurFinalizerNeedsNothing()
    {
        var harness = new ReconcilerHarness();
        harness.Backends.Add(TestBackends.Create().Deleting());

        await harness.Reconciler().ReconcileAsync("default", CancellationToken.None);

        Assert.That(harness.Calls, Is.EqualTo(new[] { "list MetricsBackend" }));
    }

    [Test]
    public async Task AVanishedBackendIsDone()
    {
        var harness = new ReconcilerHarness();

        var result = await harness.Reconciler().ReconcileAsync("gone", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(harness.Calls, Is.EqualTo(new[] { "list MetricsBackend" }));
            Assert.That(result.Requeue, Is.Null);
        });
    }
}
