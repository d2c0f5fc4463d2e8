using MetricsOperator.Reconciliation;

namespace MetricsOperator.Tests.Reconciliation;

public sealed class PreviousApiServiceTests
{
    [Test]
    public void TheSavedSpecComesBackAsAForeignApiService()
    {
        var foreign = TestApiServices.Foreign("kube-system", "metrics-server");
        var backend = TestBackends.Create();
        backend.Metadata.Annotations = new Dictionary<string, string> { [BackendMarkers.PreviousApiServiceAnnotation] = PreviousApiService.Serialize(foreign) };

        var restored = PreviousApiService.Restorable(backend, out var problem);

        Assert.Multiple(() =>
        {
            Assert.That(problem, Is.Null);
            Assert.That(PreviousApiService.IsSavedOn(backend), Is.True);
            Assert.That(restored!.Metadata.Name, Is.EqualTo("v1beta1.metrics.k8s.io"));
            Assert.That(restored.Metadata.OwnerReferences, Is.Null, "handed back: no ownerReference to us");
            Assert.That(restored.Metadata.Labels, Is.Null, "handed back: no managed-by label");
            Assert.That(restored.Spec.Service.NamespaceProperty, Is.EqualTo("kube-system"));
            Assert.That(restored.Spec.Service.Name, Is.EqualTo("metrics-server"));
            Assert.That(restored.Spec.InsecureSkipTLSVerify, Is.True);
            Assert.That(restored.ApiVersion, Is.EqualTo("apiregistration.k8s.io/v1"));
            Assert.That(restored.Kind, Is.EqualTo("APIService"));
        });
    }

    [Test]
    public void NothingSavedRestoresNothing()
    {
        var backend = TestBackends.Create();

        Assert.Multiple(() =>
        {
            Assert.That(PreviousApiService.Restorable(backend, out var problem), Is.Null);
            Assert.That(problem, Is.Null);
            Assert.That(PreviousApiService.IsSavedOn(backend), Is.False);
        });
    }

    [TestCase("{not json", "not a JSON APIService spec")]
    [TestCase("{\"group\":\"custom.metrics.k8s.io\",\"version\":\"v1beta1\"}", "does not hold a spec for metrics.k8s.io/v1beta1")]
    public void AnUnreadableAnnotationIsReported(string value, string expected)
    {
        var backend = TestBackends.Create();
        backend.Metadata.Annotations = new Dictionary<string, string> { [BackendMarkers.PreviousApiServiceAnnotation] = value };

        Assert.Multiple(() =>
        {
            Assert.That(PreviousApiService.Restorable(backend, out var problem), Is.Null);
            Assert.That(problem, Does.Contain(expected));
        });
    }
}
