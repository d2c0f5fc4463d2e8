using k8s.Models;
using MetricsOperator.Reconciliation;

namespace MetricsOperator.Tests.Reconciliation;

public sealed class ApiServiceOwnershipTests
{
    [Test]
    public void NoApiServiceIsAbsent()
    {
        Assert.That(ApiServiceOwnership.Of(null).Owner, Is.EqualTo(ApiServiceOwner.Absent));
    }

    [Test]
    public void AnOwnerReferenceToAMetricsBackendMakesItOurs()
    {
        var ownership = ApiServiceOwnership.Of(TestApiServices.OwnedBy(TestBackends.Create("a")));

        Assert.Multiple(() =>
        {
            Assert.That(ownership.Owner, Is.EqualTo(ApiServiceOwner.Ours));
            Assert.That(ownership.OwnerBackendUid, Is.EqualTo("uid-a"));
            Assert.That(ownership.MayBeRemovedBy("uid-a"), Is.True);
            Assert.That(ownership.MayBeRemovedBy("uid-b"), Is.False, "another backend's APIService is not this one's to delete");
        });
    }

    [Test]
    public void OurLabelAloneMakesItOurs()
    {
        var apiService = TestApiServices.Foreign("kube-system", "metrics-server");
        apiService.Metadata.Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "metrics-operator" };

        var ownership = ApiServiceOwnership.Of(apiService);

        Assert.Multiple(() =>
        {
            Assert.That(ownership.Owner, Is.EqualTo(ApiServiceOwner.Ours));
            Assert.That(ownership.MayBeRemovedBy("uid-a"), Is.True);
        });
    }

    [Test]
    public void AnyOtherApiServiceIsForeignAndNamesItsService()
    {
        var apiService = TestApiServices.Foreign("kube-system", "metrics-server");
        apiService.Metadata.Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "Helm" };
        apiService.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "x", Uid = "u" }];

        var ownership = ApiServiceOwnership.Of(apiService);

        Assert.Multiple(() =>
        {
            Assert.That(ownership.Owner, Is.EqualTo(ApiServiceOwner.Foreign));
            Assert.That(ownership.ServiceDescription, Is.EqualTo("Service kube-system/metrics-server"));
            Assert.That(ownership.MayBeRemovedBy("uid-a"), Is.False);
        });
    }

    [Test]
    public void ALocalApiServiceIsDescribedAsTheApiServer()
    {
        var apiService = TestApiServices.Foreign("x", "y");
        apiService.Spec.Service = null;

        Assert.That(ApiServiceOwnership.Of(apiService).ServiceDescription, Does.Contain("kube-apiserver"));
    }
}
