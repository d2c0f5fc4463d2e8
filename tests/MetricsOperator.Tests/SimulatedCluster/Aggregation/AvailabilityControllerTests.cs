using k8s.Models;
using MetricsOperator.KubeletFarm;
using MetricsOperator.SimulatedCluster.Aggregation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.SimulatedCluster.Aggregation;

[TestFixture]
public sealed class AvailabilityControllerTests : LoopbackBackendFixture
{
    private InMemoryClusterState _state = null!;
    private FakeTimeProvider _clock = null!;
    private AvailabilityController _controller = null!;

    [SetUp]
    public void SetUp()
    {
        Backend.DiscoveryStatus = 200;
        _state = new InMemoryClusterState();
        _clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        _controller = new AvailabilityController(_state, new BackendResolver(_state), Authorities, new AvailabilityOptions(), _clock, NullLogger<AvailabilityController>.Instance);
    }

    [TearDown]
    public void TearDown() => _controller.Dispose();

    [Test]
    public async Task A_reachable_backend_is_available_with_reason_passed()
    {
        Arrange(Backend.Ca.CertificatePem);

        await _controller.CheckAllAsync(CancellationToken.None);

        Assert.That(Available(), Is.EqualTo(("True", "Passed", "all checks passed")));
        Assert.That(_state.Get<V1APIService>(null, "v1beta1.metrics.k8s.io")!.Status.Conditions.Single().LastTransitionTime, Is.EqualTo(_clock.GetUtcNow().UtcDateTime));
    }

    [Test]
    public async Task A_missing_service_is_service_not_found()
    {
        _state.Upsert(AggregationObjects.ApiService(Backend.Ca.CertificatePem, available: false));

        await _controller.CheckAllAsync(CancellationToken.None);

        Assert.That(Available(), Is.EqualTo(("False", "ServiceNotFound", "service/metrics-operator in \"monitoring\" is not present")));
    }

    [Test]
    public async Task A_port_the_service_does_not_have_is_a_service_port_error()
    {
        Arrange(Backend.Ca.CertificatePem, port: 8443);

        await _controller.CheckAllAsync(CancellationToken.None);

        Assert.That(Available(), Is.EqualTo(("False", "ServicePortError", "service/metrics-operator in \"monitoring\" is not listening on port 8443")));
    }

    [Test]
    public async Task No_ready_pod_is_missing_endpoints()
    {
        Arrange(Backend.Ca.CertificatePem, ready: false);

        await _controller.CheckAllAsync(CancellationToken.None);

        Assert.That(Available(), Is.EqualTo(("False", "MissingEndpoints", "endpoints for service/metrics-operator in \"monitoring\" have no addresses with port name \"https\"")));
    }

    [Test]
    public async Task A_non_2xx_discovery_answer_fails_the_discovery_check()
    {
        Arrange(Backend.Ca.CertificatePem);
        Backend.DiscoveryStatus = 403;

        await _controller.CheckAllAsync(CancellationToken.None);

        var url = $"https://127.0.0.1:{Backend.Port}/apis/metrics.k8s.io/v1beta1";
        Assert.That(Available(), Is.EqualTo(("False", "FailedDiscoveryCheck", $"failing or missing response from {url}: bad status from {url}: 403")));
    }

    [Test]
    public async Task A_backend_the_ca_bundle_does_not_trust_fails_the_discovery_check_and_recovers_when_fixed()
    {
        using var other = TestCertificateAuthority.Create("other-ca");
        Arrange(other.CertificatePem);

        await _controller.CheckAllAsync(CancellationToken.None);
        var failed = Available();
        var failedAt = _clock.GetUtcNow().UtcDateTime;
        _clock.Advance(TimeSpan.FromMinutes(1));
        var stored = _state.Get<V1APIService>(null, "v1beta1.metrics.k8s.io")!;
        stored.Spec.CaBundle = System.Text.Encoding.ASCII.GetBytes(Backend.Ca.CertificatePem);
        _state.Upsert(stored);
        await _controller.CheckAllAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(failed.Reason, Is.EqualTo("FailedDiscoveryCheck"));
            Assert.That(failed.Message, Does.Contain("tls: failed to verify certificate: x509: certificate signed by unknown authority"));
            Assert.That(Available(), Is.EqualTo(("True", "Passed", "all checks passed")));
            Assert.That(_state.Get<V1APIService>(null, "v1beta1.metrics.k8s.io")!.Status.Conditions.Single().LastTransitionTime, Is.GreaterThan(failedAt));
        });
    }

    [Test]
    public async Task A_local_apiservice_is_always_available()
    {
        var local = AggregationObjects.ApiService(string.Empty, available: false);
        local.Spec.Service = null;
        _state.Upsert(local);

        await _controller.CheckAllAsync(CancellationToken.None);

        Assert.That(Available(), Is.EqualTo(("True", "Local", "Local APIServices are always available")));
    }

    [Test]
    public async Task The_loop_rechecks_on_a_change_without_waiting_for_the_interval()
    {
        Arrange(Backend.Ca.CertificatePem, ready: false);
        using var stop = new CancellationTokenSource();
        var loop = _controller.RunAsync(stop.Token);
        await WaitFor(() => Available().Reason == "MissingEndpoints");

        _state.Upsert(AggregationObjects.Pod("operator", Backend.Port));
        await WaitFor(() => Available().Reason == "Passed");

        await stop.CancelAsync();
        await loop;
        Assert.That(Available().Status, Is.EqualTo("True"));
    }

    [Test]
    public void Invalid_options_are_refused_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentException>(() => new AvailabilityController(_state, new BackendResolver(_state), Authorities, new AvailabilityOptions { Interval = TimeSpan.Zero }, _clock, NullLogger<AvailabilityController>.Instance));

        Assert.That(error!.Message, Does.Contain("Interval"));
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("condition not reached within 5 s");
            }

            await Task.Delay(20);
        }
    }

    private void Arrange(string caPem, int port = 443, bool ready = true)
    {
        _state.Upsert(AggregationObjects.Service());
        _state.Upsert(AggregationObjects.Pod("operator", Backend.Port, ready));
        _state.Upsert(AggregationObjects.ApiService(caPem, port: port, available: false));
    }

    private (string? Status, string? Reason, string? Message) Available()
    {
        var condition = _state.Get<V1APIService>(null, "v1beta1.metrics.k8s.io")?.Status?.Conditions?.SingleOrDefault(c => c.Type == "Available");
        return (condition?.Status, condition?.Reason, condition?.Message);
    }
}
