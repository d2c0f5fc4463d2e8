using System.Net;
using System.Text.Json.Nodes;
using MetricsOperator.Tests.SimulatedCluster.ControlPlane;

namespace MetricsOperator.Tests.SimulatedCluster.Rest;

/// <summary>The REST layer over HTTP: watch streams, bookmarks, 410 for expired versions, conflicts and Status errors.</summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
internal sealed class WatchEndpointTests
{
    private StandInServer _server = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await StandInServer.StartAsync(bookmarkInterval: TimeSpan.FromMilliseconds(200), watchWindow: 5);
        _client = _server.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task AWatchStreamsChangesAndBookmarksWhenAllowed()
    {
        var created = await CreateAsync("watched");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/default/configmaps?watch=1&allowWatchBookmarks=true&resourceVersion={created}&timeoutSeconds=5");
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        await _client.DeleteAsync("/api/v1/namespaces/default/configmaps/watched");
        var events = new List<JsonNode>();
        while (events.Count < 50 && !(events.Any(e => e["type"]!.ToString() == "DELETED") && events[^1]["type"]!.ToString() == "BOOKMARK"))
        {
            events.Add(JsonNode.Parse((await reader.ReadLineAsync())!)!);
        }

        var deleted = events.Single(e => e["type"]!.ToString() != "BOOKMARK");
        var bookmark = events[^1];

        Assert.That(deleted["type"]!.ToString(), Is.EqualTo("DELETED"));
        Assert.That(deleted["object"]!["metadata"]!["name"]!.ToString(), Is.EqualTo("watched"));
        Assert.That(bookmark["type"]!.ToString(), Is.EqualTo("BOOKMARK"));
        Assert.That(long.Parse(bookmark["object"]!["metadata"]!["resourceVersion"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(created));
    }

    [Test]
    public async Task AWatchFromAnExpiredVersionGetsA410StatusEvent()
    {
        var first = await CreateAsync("old-0");
        for (var i = 1; i < 8; i++)
        {
            await CreateAsync("old-" + i);
        }

        var body = await _client.GetStringAsync($"/api/v1/namespaces/default/configmaps?watch=1&resourceVersion={first}");
        var error = JsonNode.Parse(body.Split('\n')[0])!;

        Assert.That(error["type"]!.ToString(), Is.EqualTo("ERROR"));
        Assert.That(error["object"]!["code"]!.GetValue<int>(), Is.EqualTo(410));
        Assert.That(error["object"]!["message"]!.ToString(), Does.StartWith($"too old resource version: {first} ("));
    }

    [Test]
    public async Task AStaleUpdateIsAConflictWordedAsKubeApiserver()
    {
        await CreateAsync("stale");
        var body = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = "stale", ["resourceVersion"] = "1" } };

        using var response = await _client.PutAsJsonAsync("/api/v1/namespaces/default/configmaps/stale", body);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(status["kind"]!.ToString(), Is.EqualTo("Status"));
        Assert.That(status["reason"]!.ToString(), Is.EqualTo("Conflict"));
        Assert.That(status["message"]!.ToString(), Is.EqualTo("Operation cannot be fulfilled on configmaps \"stale\": the object has been modified; please apply your changes to the latest version and try again"));
    }

    [Test]
    public async Task CreatingTwiceIsAlreadyExistsAndUnknownPathsAreNotFound()
    {
        await CreateAsync("twice");

        using var again = await _client.PostAsJsonAsync("/api/v1/namespaces/default/configmaps", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "twice" } });
        using var unknown = await _client.GetAsync("/apis/nothing.example/v1/things");

        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(JsonNode.Parse(await again.Content.ReadAsStringAsync())!["message"]!.ToString(), Is.EqualTo("configmaps \"twice\" already exists"));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task PartialObjectMetadataListIsServedWhenAsked()
    {
        await CreateAsync("meta");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/default/configmaps");
        request.Headers.TryAddWithoutValidation("Accept", "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json");

        using var response = await _client.SendAsync(request);
        var list = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(list["kind"]!.ToString(), Is.EqualTo("PartialObjectMetadataList"));
        Assert.That(list["items"]!.AsArray().Select(i => i!["kind"]!.ToString()).Distinct(), Is.EqualTo(new[] { "PartialObjectMetadata" }));
        Assert.That(list["items"]!.AsArray().Any(i => i!["data"] is not null), Is.False);
    }

    private async Task<long> CreateAsync(string name)
    {
        using var response = await _client.PostAsJsonAsync("/api/v1/namespaces/default/configmaps", new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["data"] = new JsonObject { ["k"] = "v" } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return long.Parse(created["metadata"]!["resourceVersion"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
