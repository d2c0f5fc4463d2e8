using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Kubernetes.Controllers;
using MetricsOperator.Reconciliation;

namespace MetricsOperator.Tests.Reconciliation;

public sealed class ChildObjectWatchMapperTests
{
    private List<MetricsBackend> _backends = [];

    // NUnit shares one fixture instance between tests: every test starts from the same two backends.
    [SetUp]
    public void CreateBackends() =>
        _backends = [TestBackends.Create("newer", createdMinute: 5), TestBackends.Create("older", createdMinute: 1)];

    [Test]
    public void AnOwnedChildMapsToItsOwner()
    {
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = ChildNames.ServingSecret,
                NamespaceProperty = "metrics-operator",
                OwnerReferences = [new V1OwnerReference { ApiVersion = MetricsBackend.GroupVersion, Kind = MetricsBackend.KubeKind, Name = "newer", Uid = "uid-newer" }],
            },
        };

        Assert.That(Mapper().KeysForChild(secret), Is.EqualTo(new[] { "newer" }));
    }

    [Test]
    public void TheMetricsApiServiceWithoutOwnerMapsToTheActiveBackend()
    {
        Assert.That(Mapper().KeysForChild(TestApiServices.Foreign("kube-system", "metrics-server")), Is.EqualTo(new[] { "older" }));
    }

    [Test]
    public void AManagedChildThatLostItsOwnerReferenceMapsToTheActiveBackend()
    {
        var service = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "metrics-operator", Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "metrics-operator" } },
        };

        Assert.That(Mapper().KeysForChild(service), Is.EqualTo(new[] { "older" }));
    }

    [Test]
    public void UnrelatedObjectsMapToNothing()
    {
        var otherApiService = TestApiServices.Foreign("x", "y");
        otherApiService.Metadata.Name = "v1beta1.custom.metrics.k8s.io";
        var foreignOwned = new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "s", OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "d", Uid = "u" }] },
        };

        Assert.Multiple(() =>
        {
            Assert.That(Mapper().KeysForChild(otherApiService), Is.Empty);
            Assert.That(Mapper().KeysForChild(foreignOwned), Is.Empty);
        });
    }

    [Test]
    public void NoActiveBackendMeansNothingToEnqueue()
    {
        _backends.Clear();

        Assert.That(Mapper().KeysForChild(TestApiServices.Foreign("kube-system", "metrics-server")), Is.Empty);
    }

    [Test]
    public void ABackendChangeEnqueuesEveryBackendIncludingADeletedOne()
    {
        Assert.That(Mapper().KeysForBackend("gone"), Is.EqualTo(new[] { "gone", "newer", "older" }));
    }

    [Test]
    public void AStatusOnlyUpdateOfABackendEnqueuesNothing()
    {
        var before = TestBackends.Create("older", createdMinute: 1);
        var after = TestBackends.Create("older", createdMinute: 1);
        after.Metadata.ResourceVersion = "200";
        after.Status = new MetricsBackendStatus { ObservedGeneration = 1 };

        Assert.That(Mapper().KeysForBackendUpdate(before, after), Is.Empty);
    }

    [Test]
    public void SpecDeletionAndFinalizerChangesOfABackendEnqueueEveryBackend()
    {
        var before = TestBackends.Create("older", createdMinute: 1);
        var specChanged = TestBackends.Create("older", createdMinute: 1, generation: 2);
        var deleting = TestBackends.Create("older", createdMinute: 1).Deleting();
        var finalized = TestBackends.Create("older", createdMinute: 1).WithFinalizer();

        Assert.Multiple(() =>
        {
            Assert.That(Mapper().KeysForBackendUpdate(before, specChanged), Is.EqualTo(new[] { "newer", "older" }));
            Assert.That(Mapper().KeysForBackendUpdate(before, deleting), Is.EqualTo(new[] { "newer", "older" }));
            Assert.That(Mapper().KeysForBackendUpdate(before, finalized), Is.EqualTo(new[] { "newer", "older" }));
        });
    }

    [Test]
    public void ChildHandlersEnqueueTheOwnerAndTheOwnerBeforeAnEdit()
    {
        using var queue = new WorkQueue<string>(TimeProvider.System);
        var handler = ReconcileTriggers.ForChildren<V1Service>(Mapper(), queue);
        var owned = new V1Service
        {
            Metadata = new V1ObjectMeta
            {
                Name = "metrics-operator",
                OwnerReferences = [new V1OwnerReference { ApiVersion = MetricsBackend.GroupVersion, Kind = MetricsBackend.KubeKind, Name = "newer", Uid = "uid-newer" }],
            },
        };
        var stripped = new V1Service { Metadata = new V1ObjectMeta { Name = "metrics-operator" } };

        handler.OnUpdated(owned, stripped);

        Assert.That(queue.Count, Is.EqualTo(1), "the old owner; the stripped object is nobody's");
    }

    [Test]
    public void BackendHandlersEnqueueEveryBackendOnDeletion()
    {
        using var queue = new WorkQueue<string>(TimeProvider.System);

        ReconcileTriggers.ForBackends(Mapper(), queue).OnDeleted(TestBackends.Create("gone"));

        Assert.That(queue.Count, Is.EqualTo(3));
    }

    private ChildObjectWatchMapper Mapper() => new(() => _backends);
}
