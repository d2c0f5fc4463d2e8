using System.Text.Json.Nodes;
using MetricsOperator.Scraping;
using MetricsOperator.Tests.Fixtures;

namespace MetricsOperator.Tests.Storage;

/// <summary>
/// Every <c>kubelet/sequences</c> folder end to end: each <c>scrape-N.prom</c> is decoded for node1 and stored with a
/// 60 s resolution, then the GET results, readiness and storage-points gauges must match <c>expected.json</c>.
/// </summary>
public sealed class SequenceFixtureTests
{
    private const string NodeGet = "GET /apis/metrics.k8s.io/v1beta1/nodes/";
    private const string PodGet = "GET /apis/metrics.k8s.io/v1beta1/namespaces/";

    private static string SequencesRoot => Path.Combine(SharedFixtures.MetricsServer, "kubelet", "sequences");

    private static IEnumerable<string> Sequences() =>
        Directory.EnumerateDirectories(SequencesRoot).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    [Test]
    public void The_sequence_set_is_there()
    {
        Assert.That(Sequences().Count(), Is.GreaterThanOrEqualTo(21));
    }

    [TestCaseSource(nameof(Sequences))]
    public void Serves_what_the_reference_serves_after_each_scrape(string sequence)
    {
        var folder = Path.Combine(SequencesRoot, sequence);
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "expected.json")))!.AsObject();
        var harness = new StoreHarness();
        var decoder = new KubeletPayloadDecoder();
        var payload = new DecodedPayload();
        var steps = expected["steps"]!.AsArray();
        Assert.That(steps, Is.Not.Empty);

        foreach (var step in steps.Select(s => s!.AsObject()))
        {
            var scrape = step["after"]!.GetValue<string>();
            var decoded = decoder.TryDecode(File.ReadAllBytes(Path.Combine(folder, scrape)), PayloadBuilder.UnixNano(PayloadBuilder.T0), payload, out var error);
            Assert.That(decoded, Is.True, () => $"{scrape}: {error}");
            harness.Store.StoreNode("node1", payload);

            Assert.Multiple(() =>
            {
                Assert.That(harness.Store.IsReady, Is.EqualTo(step["storageReady(nodes AND pods)"]!.GetValue<bool>()), $"{scrape}: ready");
                Assert.That(harness.Store.Counts.NodesWithPrev, Is.EqualTo(step["nodePointsWithPrev"]!.GetValue<int>()), $"{scrape}: node points");
                Assert.That(harness.Store.Counts.ContainersWithPrev, Is.EqualTo(step["containerPointsWithPrev"]!.GetValue<int>()), $"{scrape}: container points");
                foreach (var (request, response) in step.Where(p => p.Key.StartsWith("GET ", StringComparison.Ordinal)))
                {
                    CheckGet(harness, scrape, request, response!.AsObject());
                }
            });
        }
    }

    private static void CheckGet(StoreHarness harness, string scrape, string request, JsonObject response)
    {
        var served = response["status"]!.GetValue<int>() == 200 ? response["object"]!.AsObject() : null;
        if (request.StartsWith(NodeGet, StringComparison.Ordinal))
        {
            var expected = served is null ? null : new ServedNode(
                served["timestamp"]!.GetValue<string>(),
                served["window"]!.GetValue<string>(),
                served["usage"]!["cpu"]!.GetValue<string>(),
                served["usage"]!["memory"]!.GetValue<string>());
            Assert.That(harness.Node(request[NodeGet.Length..]), Is.EqualTo(expected), $"{scrape}: {request}");
            return;
        }

        Assert.That(request, Does.StartWith(PodGet));
        var parts = request[PodGet.Length..].Split('/');
        var containers = served?["containers"]!.AsArray()
            .Select(c => new ServedContainer(c!["name"]!.GetValue<string>(), c["usage"]!["cpu"]!.GetValue<string>(), c["usage"]!["memory"]!.GetValue<string>()))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToArray();

        // Deliberate deviation (S20, pod-cpu-decrease): the reference serves a pod whose containers all failed their
        // rate as `containers: []`, `timestamp: null`; we do not serve a pod unless every container has a rate.
        var expectedPod = containers is null or [] ? null : new ServedPod(served!["timestamp"]!.GetValue<string>(), served["window"]!.GetValue<string>(), containers);
        Assert.That(harness.Pod(parts[0], parts[2]), Is.EqualTo(expectedPod), $"{scrape}: {request}");
    }
}
