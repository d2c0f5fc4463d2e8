using System.Diagnostics;
using System.Net;
using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Kubernetes.Apply;
using MetricsOperator.Kubernetes.Events;
using MetricsOperator.Kubernetes.ListWatch;
using MetricsOperator.Tests.Kubernetes.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Kubernetes.Events;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class KubernetesEventRecorderTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.Zero));
    private readonly CapturingLogger _logger = new();

    private static MetricsBackend Backend() => new() { Metadata = new V1ObjectMeta { Name = "default", Uid = "mb-uid", ResourceVersion = "5" } };

    [Test]
    public async Task An_event_about_a_cluster_scoped_object_is_created_in_the_default_namespace()
    {
        var api = new ApiRecorder(request => ApiRecorder.Json(request.Body!, HttpStatusCode.Created));
        using var recorder = await StartAsync(api);

        recorder.Record(Backend(), EventKind.Warning, "APIServiceConflict", "Apply", "APIService v1beta1.metrics.k8s.io belongs to kube-system/metrics-server");
        await WaitForRequestsAsync(api, 1);

        var request = api.Single;
        Assert.That(request.Method, Is.EqualTo("POST"));
        Assert.That(request.PathAndQuery, Is.EqualTo("/apis/events.k8s.io/v1/namespaces/default/events"));
        Assert.That(request.ContentType, Is.EqualTo("application/json"));
        var body = request.Json!;
        Assert.That(body["apiVersion"]!.GetValue<string>(), Is.EqualTo("events.k8s.io/v1"));
        Assert.That(body["kind"]!.GetValue<string>(), Is.EqualTo("Event"));
        Assert.That(body["metadata"]!["name"]!.GetValue<string>(), Does.Match("^default\\.[0-9a-f]{16}$"));
        Assert.That(body["metadata"]!["namespace"]!.GetValue<string>(), Is.EqualTo("default"));
        Assert.That(body["type"]!.GetValue<string>(), Is.EqualTo("Warning"));
        Assert.That(body["reason"]!.GetValue<string>(), Is.EqualTo("APIServiceConflict"));
        Assert.That(body["action"]!.GetValue<string>(), Is.EqualTo("Apply"));
        Assert.That(body["note"]!.GetValue<string>(), Does.Contain("kube-system/metrics-server"));
        Assert.That(body["reportingController"]!.GetValue<string>(), Is.EqualTo("metricsoperator.dev/metrics-operator"));
        Assert.That(body["reportingInstance"]!.GetValue<string>(), Is.EqualTo("metrics-operator-abc"));
        Assert.That(body["eventTime"]!.GetValue<string>(), Is.EqualTo("2026-11-28T03:00:00.000001Z"), "the server's MicroTime needs six fraction digits");
        Assert.That(body["regarding"]!["kind"]!.GetValue<string>(), Is.EqualTo("MetricsBackend"));
        Assert.That(body["regarding"]!["uid"]!.GetValue<string>(), Is.EqualTo("mb-uid"));
        Assert.That(body["regarding"]!["apiVersion"]!.GetValue<string>(), Is.EqualTo("metricsoperator.dev/v1alpha1"));
    }

    [Test]
    public async Task Repeats_within_ten_minutes_bump_the_series_and_later_ones_start_a_new_event()
    {
        var api = new ApiRecorder(request => ApiRecorder.Json(request.Body!, request.Method == "POST" ? HttpStatusCode.Created : HttpStatusCode.OK));
        using var recorder = await StartAsync(api);

        recorder.Record(Backend(), EventKind.Normal, "CertificateRotated", "Rotate", "serving certificate renewed");
        await WaitForRequestsAsync(api, 1);
        var name = api.Requests[0].Json!["metadata"]!["name"]!.GetValue<string>();
        _time.Advance(TimeSpan.FromMinutes(4));
        recorder.Record(Backend(), EventKind.Normal, "CertificateRotated", "Rotate", "serving certificate renewed");
        await WaitForRequestsAsync(api, 2);
        _time.Advance(TimeSpan.FromMinutes(4));
        recorder.Record(Backend(), EventKind.Normal, "CertificateRotated", "Rotate", "serving certificate renewed");
        await WaitForRequestsAsync(api, 3);
        _time.Advance(TimeSpan.FromMinutes(11));
        recorder.Record(Backend(), EventKind.Normal, "CertificateRotated", "Rotate", "serving certificate renewed");
        await WaitForRequestsAsync(api, 4);

        var bump = api.Requests[2];
        Assert.That(api.Requests.Select(r => r.Method), Is.EqualTo(new[] { "POST", "PATCH", "PATCH", "POST" }));
        Assert.That(bump.PathAndQuery, Is.EqualTo($"/apis/events.k8s.io/v1/namespaces/default/events/{name}"));
        Assert.That(bump.ContentType, Is.EqualTo("application/merge-patch+json"));
        Assert.That(bump.Body, Is.EqualTo("""{"series":{"count":3,"lastObservedTime":"2026-11-28T03:08:00.000001Z"}}"""));
    }

    [Test]
    public async Task A_different_note_is_a_different_event_and_namespaced_objects_keep_their_namespace()
    {
        var api = new ApiRecorder(request => ApiRecorder.Json(request.Body!, HttpStatusCode.Created));
        using var recorder = await StartAsync(api);
        var secret = new V1Secret { ApiVersion = "v1", Kind = "Secret", Metadata = new V1ObjectMeta { Name = "metrics-operator-ca", NamespaceProperty = "ops", Uid = "s1" } };

        recorder.Record(secret, EventKind.Normal, "Created", "Apply", "one");
        recorder.Record(secret, EventKind.Normal, "Created", "Apply", "two");
        await WaitForRequestsAsync(api, 2);

        Assert.That(api.Requests.Select(r => (r.Method, r.PathAndQuery)), Is.All.EqualTo(("POST", "/apis/events.k8s.io/v1/namespaces/ops/events")));
    }

    [Test]
    public async Task A_failed_write_is_logged_and_the_writer_goes_on()
    {
        var calls = 0;
        var api = new ApiRecorder(request => Interlocked.Increment(ref calls) == 1
            ? ApiRecorder.Failure(HttpStatusCode.Forbidden, "Forbidden", "events.events.k8s.io is forbidden: User \"x\" cannot create resource \"events\"")
            : ApiRecorder.Json(request.Body!, HttpStatusCode.Created));
        using var recorder = await StartAsync(api);

        recorder.Record(Backend(), EventKind.Normal, "First", "Apply", "a");
        recorder.Record(Backend(), EventKind.Normal, "Second", "Apply", "b");
        await WaitForRequestsAsync(api, 2);

        var failure = _logger.Entries.Single(entry => entry.EventId == 1502);
        Assert.That(failure.Exception, Is.InstanceOf<KubernetesApiException>().And.Message.Contains("cannot create resource \"events\""));
    }

    [Test]
    public void Record_never_waits_for_the_API_and_drops_beyond_the_buffer()
    {
        var api = new ApiRecorder(request => ApiRecorder.Json(request.Body!, HttpStatusCode.Created));
        using var recorder = new KubernetesEventRecorder(Client(api), Options() with { Capacity = 4 }, Logger(), _time);

        // Not started: nothing drains the buffer.
        var elapsed = Stopwatch.StartNew();
        for (var i = 0; i < 10; i++)
        {
            recorder.Record(Backend(), EventKind.Normal, "Tick", "Apply", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.That(elapsed.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
        Assert.That(_logger.Entries.Count(entry => entry.EventId == 1501), Is.EqualTo(6));
        Assert.That(api.Requests, Is.Empty);
    }

    [Test]
    public void Options_without_a_reporting_instance_are_refused()
    {
        var api = new ApiRecorder(_ => ApiRecorder.Json("{}"));

        Assert.That(
            () => new KubernetesEventRecorder(Client(api), new EventRecorderOptions(), Logger(), _time),
            Throws.ArgumentException.With.Message.Contains("ReportingInstance"));
    }

    private static EventRecorderOptions Options() => new() { ReportingInstance = "metrics-operator-abc" };

    private static KubernetesResourceClient Client(ApiRecorder api) => new(api.Endpoint());

    private static async Task WaitForRequestsAsync(ApiRecorder api, int count)
    {
        var waited = Stopwatch.StartNew();
        while (api.Requests.Count < count)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(5))
            {
                Assert.Fail($"expected {count} requests, saw {api.Requests.Count}");
            }

            await Task.Delay(5);
        }
    }

    private ILogger<KubernetesEventRecorder> Logger() => new TypedLogger(_logger);

    private async Task<KubernetesEventRecorder> StartAsync(ApiRecorder api)
    {
        var recorder = new KubernetesEventRecorder(Client(api), Options(), Logger(), _time);
        await recorder.StartAsync(CancellationToken.None);
        return recorder;
    }

    private sealed class TypedLogger(ILogger inner) : ILogger<KubernetesEventRecorder>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
