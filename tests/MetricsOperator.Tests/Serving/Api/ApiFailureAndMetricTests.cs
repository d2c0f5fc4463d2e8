using System.Diagnostics.Metrics;
using System.Net;
using MetricsOperator.Serving.Api;
using MetricsOperator.Serving.Diagnostics;
using MetricsOperator.Storage;
using static MetricsOperator.Tests.Serving.Api.ApiJson;

namespace MetricsOperator.Tests.Serving.Api;

/// <summary>An unexpected failure is a 500 Status; every served item is observed by the freshness histogram (A8).</summary>
public sealed class ApiFailureAndMetricTests
{
    private const string Api = "/apis/metrics.k8s.io/v1beta1";

    [Test]
    public async Task A_failing_data_source_is_an_internal_error_status()
    {
        using var cluster = UnitFakeCluster.Build();
        await using var server = await MetricsApiTestServer.StartAsync(
            cluster, configure: services => services.AddSingleton<IMetricsViews>(new FailingViews()));

        var status = await ReadAsync(await server.GetAsync($"{Api}/namespaces/other/pods"), HttpStatusCode.InternalServerError);

        Assert.Multiple(() =>
        {
            Assert.That(status["kind"]!.GetValue<string>(), Is.EqualTo("Status"));
            Assert.That(status["reason"]!.GetValue<string>(), Is.EqualTo("InternalError"));
            Assert.That(status["message"]!.GetValue<string>(), Is.EqualTo("Internal error occurred: the store is gone"));
        });
    }

    [Test]
    public async Task Freshness_is_observed_once_per_returned_item()
    {
        using var recorder = new HistogramRecorder(ApiInstruments.FreshnessInstrument);
        using var cluster = UnitFakeCluster.Build();
        await using var server = await MetricsApiTestServer.StartAsync(cluster, configure: services => services.AddSingleton<IMeterFactory>(recorder));
        cluster.Clock.Advance(TimeSpan.FromSeconds(10));

        await ReadAsync(await server.GetAsync($"{Api}/nodes"));

        Assert.That(recorder.Values, Is.EqualTo(new[] { 10.0, 10.0, 10.0 }));
        await ReadAsync(await server.GetAsync($"{Api}/namespaces/other/pods/pod2"));
        Assert.That(recorder.Values, Has.Count.EqualTo(4));
    }

    private sealed class FailingViews : IMetricsViews
    {
        public MetricsReadView OpenView() => throw new InvalidOperationException("the store is gone");
    }

    /// <summary>Records the measurements of one double histogram from the meters it creates.</summary>
    private sealed class HistogramRecorder : IMeterFactory
    {
        private readonly List<Meter> _meters = [];
        private readonly MeterListener _listener = new();
        private readonly List<double> _values = [];

        public HistogramRecorder(string instrumentName)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == instrumentName && _meters.Contains(instrument.Meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
            {
                lock (_values)
                {
                    _values.Add(value);
                }
            });
            _listener.Start();
        }

        public IReadOnlyList<double> Values
        {
            get
            {
                lock (_values)
                {
                    return [.. _values];
                }
            }
        }

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            _listener.Dispose();
            foreach (var meter in _meters)
            {
                meter.Dispose();
            }
        }
    }
}
