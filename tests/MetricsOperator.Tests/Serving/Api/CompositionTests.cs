using System.Net;
using MetricsOperator.Serving.Api;
using static MetricsOperator.Tests.Serving.Api.ApiJson;

namespace MetricsOperator.Tests.Serving.Api;

/// <summary>The API beside the routes other parts map (discovery, health), as the integrator composes them.</summary>
public sealed class CompositionTests
{
    private const string Api = "/apis/metrics.k8s.io/v1beta1";

    [Test]
    public async Task Discovery_routes_of_the_group_version_are_not_shadowed()
    {
        using var cluster = UnitFakeCluster.Build();
        await using var server = await MetricsApiTestServer.StartAsync(
            cluster,
            map: app =>
            {
                app.MapGet(Api, () => "resource list");
                app.MapGet("/apis/metrics.k8s.io", () => "group");
            });

        using var resources = await server.GetAsync(Api);
        using var resourcesSlashed = await server.GetAsync(Api + "/");
        using var group = await server.GetAsync("/apis/metrics.k8s.io");

        Assert.Multiple(async () =>
        {
            Assert.That(await resources.Content.ReadAsStringAsync(), Is.EqualTo("resource list"));
            Assert.That(await resourcesSlashed.Content.ReadAsStringAsync(), Is.EqualTo("resource list"));
            Assert.That(await group.Content.ReadAsStringAsync(), Is.EqualTo("group"));
        });
        await ReadAsync(await server.GetAsync($"{Api}/nodes"));
    }

    [Test]
    public async Task Endpoints_carry_the_resource_they_serve()
    {
        using var cluster = UnitFakeCluster.Build();
        MetricsResourceEndpoint? seen = null;
        await using var server = await MetricsApiTestServer.StartAsync(
            cluster,
            map: app => app.Use(async (http, next) =>
            {
                seen = http.GetEndpoint()?.Metadata.GetMetadata<MetricsResourceEndpoint>();
                await next(http);
            }));

        await ReadAsync(await server.GetAsync($"{Api}/namespaces/other/pods/pod1"));
        var get = seen;
        await ReadAsync(await server.GetAsync($"{Api}/nodes"));

        Assert.Multiple(() =>
        {
            Assert.That(get, Is.EqualTo(new MetricsResourceEndpoint("pods", Named: true)));
            Assert.That(seen, Is.EqualTo(new MetricsResourceEndpoint("nodes", Named: false)));
        });
    }

    [Test]
    public async Task The_group_version_without_discovery_is_a_not_found_status()
    {
        using var cluster = UnitFakeCluster.Build();
        await using var server = await MetricsApiTestServer.StartAsync(cluster);

        var status = await ReadAsync(await server.GetAsync(Api), HttpStatusCode.NotFound);

        Assert.That(status["reason"]!.GetValue<string>(), Is.EqualTo("NotFound"));
    }
}
