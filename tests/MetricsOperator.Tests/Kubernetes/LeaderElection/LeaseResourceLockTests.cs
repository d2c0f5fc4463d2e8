using System.Net;
using k8s.Autorest;
using k8s.LeaderElection;
using MetricsOperator.Kubernetes.Apply;
using MetricsOperator.Kubernetes.LeaderElection;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Tests.Kubernetes.Testing;
using static MetricsOperator.Tests.Kubernetes.Testing.FakeApiServerHandler;

namespace MetricsOperator.Tests.Kubernetes.LeaderElection;

public sealed class LeaseResourceLockTests
{
    private static readonly DateTime At = new(2026, 11, 28, 15, 0, 0, DateTimeKind.Utc);
    private FakeLeaseStore _store = null!;

    [SetUp]
    public void NewStore() => _store = new FakeLeaseStore();

    [Test]
    public async Task A_missing_lease_reads_as_no_record()
    {
        var record = await Lock("a").GetAsync();

        Assert.That(record, Is.Null);
    }

    [Test]
    public async Task Creates_then_reads_the_record_it_wrote()
    {
        var created = await Lock("a").CreateAsync(Record("a"));
        var read = await Lock("b").GetAsync();

        Assert.Multiple(() =>
        {
            Assert.That(created, Is.True);
            Assert.That(read.HolderIdentity, Is.EqualTo("a"));
            Assert.That(read.LeaseDurationSeconds, Is.EqualTo(15));
            Assert.That(read.LeaderTransitions, Is.EqualTo(3));
            Assert.That(read.RenewTime, Is.EqualTo(At));
            Assert.That(_store.Spec!.HolderIdentity, Is.EqualTo("a"));
        });
    }

    [Test]
    public async Task Creating_an_existing_lease_is_false()
    {
        await Lock("a").CreateAsync(Record("a"));

        Assert.That(await Lock("b").CreateAsync(Record("b")), Is.False);
    }

    [Test]
    public async Task An_update_after_someone_else_wrote_is_a_conflict_and_false()
    {
        var mine = Lock("a");
        await mine.CreateAsync(Record("a"));
        var theirs = Lock("b");
        await theirs.GetAsync();
        await mine.GetAsync();
        Assert.That(await theirs.UpdateAsync(Record("b")), Is.True);

        var updated = await mine.UpdateAsync(Record("a"));

        Assert.Multiple(() =>
        {
            Assert.That(updated, Is.False);
            Assert.That(_store.Spec!.HolderIdentity, Is.EqualTo("b"));
        });
    }

    [Test]
    public void An_update_before_any_read_is_refused()
    {
        Assert.ThrowsAsync<InvalidOperationException>(() => Lock("a").UpdateAsync(Record("a")));
    }

    [Test]
    public void An_API_error_on_read_is_the_HttpOperationException_the_elector_retries_on()
    {
        var handler = new FakeApiServerHandler(_ => Json("""{"kind":"Status","message":"etcd timeout","code":500}""", HttpStatusCode.InternalServerError));
        using var client = ClientFor(handler);
        var leaseLock = new LeaseResourceLock(new KubernetesResourceClient(KubernetesApiEndpoint.FromClient(client)), "ops", "l", "a");

        var error = Assert.ThrowsAsync<HttpOperationException>(() => leaseLock.GetAsync());

        Assert.Multiple(() =>
        {
            Assert.That(error!.Response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(error.Message, Does.Contain("etcd timeout"));
        });
    }

    private LeaseResourceLock Lock(string identity) => new(_store.ResourceClient(), FakeLeaseStore.Namespace, FakeLeaseStore.Name, identity);

    private static LeaderElectionRecord Record(string holder) => new()
    {
        HolderIdentity = holder,
        AcquireTime = At,
        RenewTime = At,
        LeaseDurationSeconds = 15,
        LeaderTransitions = 3,
    };
}
