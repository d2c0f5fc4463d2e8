using System.Net;
using MetricsOperator.Serving.Diagnostics;

namespace MetricsOperator.Tests.Serving.Diagnostics;

/// <summary>/metrics over real HTTP, with the request families fed by the request metrics middleware.</summary>
public sealed class MetricsEndpointTests
{
    [Test]
    public async Task Requests_are_counted_by_verb_resource_scope_and_code_and_metrics_is_prometheus_text()
    {
        await using var app = await LoopbackWebApp.StartAsync(
            services => services.AddOperatorMetrics(),
            web =>
            {
                web.UseApiRequestMetrics();
                web.MapGet("/apis/metrics.k8s.io/v1beta1/nodes", () => "[]");
                web.MapGet("/apis/metrics.k8s.io/v1beta1/namespaces/{ns}/pods/{name}", () => Results.NotFound());
                web.MapGet("/boom", (HttpContext _) => throw new InvalidOperationException("handler failure"));
                web.MapOperatorMetrics();
            });
        using var client = new HttpClient { BaseAddress = app.Address };

        foreach (var path in new[] { "/apis/metrics.k8s.io/v1beta1/nodes", "/apis/metrics.k8s.io/v1beta1/nodes/", "/apis/metrics.k8s.io/v1beta1/namespaces/ns/pods/p", "/boom" })
        {
            using var answer = await client.GetAsync(new Uri(path, UriKind.Relative));
        }

        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("text/plain; version=0.0.4; charset=utf-8"));
        var families = PrometheusExposition.Parse(text);
        var requests = families[OperatorMetricFamilies.ApiRequestTotal].Samples
            .ToDictionary(s => $"{s.Labels["verb"]} {s.Labels["resource"]} {s.Labels["scope"]} {s.Labels["code"]}", s => s.Value);
        Assert.Multiple(() =>
        {
            Assert.That(requests["LIST nodes cluster 200"], Is.EqualTo(2), "with and without the trailing slash");
            Assert.That(requests["GET pods resource 404"], Is.EqualTo(1));
            Assert.That(requests["GET   500"], Is.EqualTo(1), "an escaping exception counts as 500");
            Assert.That(families[OperatorMetricFamilies.ApiRequestDuration].Samples.Where(s => s.Name.EndsWith("_count", StringComparison.Ordinal)).Sum(s => s.Value), Is.EqualTo(4));
            Assert.That(families.Keys, Does.Contain(OperatorMetricFamilies.ApiMetricFreshness));
        });
    }
}
