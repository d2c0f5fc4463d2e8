using k8s.Models;
using MetricsOperator.Kubernetes.Ownership;

namespace MetricsOperator.Tests.Kubernetes.Ownership;

public sealed class OwnerReferencesTests
{
    private static V1ConfigMap Owner() => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta { Name = "owner", Uid = "uid-1" },
    };

    [Test]
    public void A_controller_reference_names_the_owner_and_blocks_its_deletion()
    {
        var reference = OwnerReferences.ControllerReference(Owner());

        Assert.That(reference.ApiVersion, Is.EqualTo("v1"));
        Assert.That(reference.Kind, Is.EqualTo("ConfigMap"));
        Assert.That(reference.Name, Is.EqualTo("owner"));
        Assert.That(reference.Uid, Is.EqualTo("uid-1"));
        Assert.That(reference.Controller, Is.True);
        Assert.That(reference.BlockOwnerDeletion, Is.True);
    }

    [Test]
    public void An_owner_without_uid_or_kind_is_refused_with_the_missing_fields_named()
    {
        var owner = Owner();
        owner.Kind = null;
        owner.Metadata.Uid = null;

        Assert.That(
            () => OwnerReferences.ControllerReference(owner),
            Throws.ArgumentException.With.Message.Contains("kind, metadata.uid"));
    }

    [Test]
    public void IsControlledBy_looks_only_at_the_controller_reference()
    {
        var child = new V1Secret { Metadata = new V1ObjectMeta { Name = "c", OwnerReferences = [OwnerReferences.Reference(Owner())] } };
        Assert.That(OwnerReferences.IsControlledBy(child, "uid-1"), Is.False);

        child.Metadata.OwnerReferences = [OwnerReferences.ControllerReference(Owner())];

        Assert.That(OwnerReferences.IsControlledBy(child, "uid-1"), Is.True);
        Assert.That(OwnerReferences.IsControlledBy(child, "uid-2"), Is.False);
        Assert.That(OwnerReferences.ControllerOf(child)?.Uid, Is.EqualTo("uid-1"));
    }

    [Test]
    public void The_managed_by_label_is_recognised()
    {
        var metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { [ManagedBy.Label] = ManagedBy.Value } };

        Assert.That(ManagedBy.IsManaged(metadata), Is.True);
        Assert.That(ManagedBy.IsManaged(new V1ObjectMeta()), Is.False);
        Assert.That(ManagedBy.Selector, Is.EqualTo("app.kubernetes.io/managed-by=metrics-operator"));
    }
}
