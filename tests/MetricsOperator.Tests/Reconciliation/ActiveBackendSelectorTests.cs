using MetricsOperator.Reconciliation;

namespace MetricsOperator.Tests.Reconciliation;

public sealed class ActiveBackendSelectorTests
{
    [Test]
    public void TheOldestIsActive()
    {
        var backends = new[] { TestBackends.Create("b", createdMinute: 5), TestBackends.Create("a", createdMinute: 9), TestBackends.Create("c", createdMinute: 1) };

        Assert.That(ActiveBackendSelector.Select(backends)?.Metadata.Name, Is.EqualTo("c"));
    }

    [Test]
    public void EqualCreationTimesAreBrokenByName()
    {
        var backends = new[] { TestBackends.Create("zeta"), TestBackends.Create("alpha") };

        Assert.That(ActiveBackendSelector.Select(backends)?.Metadata.Name, Is.EqualTo("alpha"));
    }

    [Test]
    public void ABackendBeingDeletedIsNeverActive()
    {
        var backends = new[] { TestBackends.Create("old", createdMinute: 0).Deleting(), TestBackends.Create("new", createdMinute: 3) };

        Assert.That(ActiveBackendSelector.Select(backends)?.Metadata.Name, Is.EqualTo("new"));
    }

    [Test]
    public void NoneWhenAllAreDeletedOrThereAreNone()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ActiveBackendSelector.Select([]), Is.Null);
            Assert.That(ActiveBackendSelector.Select([TestBackends.Create().Deleting()]), Is.Null);
        });
    }

    [Test]
    public void AMissingCreationTimeSortsLast()
    {
        var handMade = TestBackends.Create("aaa");
        handMade.Metadata.CreationTimestamp = null;

        Assert.That(ActiveBackendSelector.Select([handMade, TestBackends.Create("zzz", createdMinute: 60)])?.Metadata.Name, Is.EqualTo("zzz"));
    }
}
