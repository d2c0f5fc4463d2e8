using System.Net;
using System.Text.Json.Nodes;
using MetricsOperator.Tests.Fixtures;

namespace MetricsOperator.Tests.Serving.Api;

/// <summary>Reading responses and fixtures as JSON trees, and comparing them structurally.</summary>
internal static class ApiJson
{
    public const string RequestTimePlaceholder = "<time of the request>";
    public const string FakeClockPlaceholder = "<now: fake clock time>";

    public static JsonNode Fixture(string fileName) => JsonNode.Parse(File.ReadAllText(SharedFixtures.Api(fileName)))!;

    public static async Task<JsonNode> ReadAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), body);
        return JsonNode.Parse(body)!;
    }

    /// <summary>
    /// Replaces the fixtures' time placeholders: <c>creationTimestamp</c> (the request time in the reference; null in
    /// its unit fakes, whose getter sets none) becomes <paramref name="requestTime"/>, the fake clock's "now" becomes
    /// <paramref name="usageTimestamp"/>.
    /// </summary>
    public static JsonNode WithTimes(JsonNode fixture, string requestTime, string usageTimestamp)
    {
        Walk(fixture, (obj, key, value) =>
        {
            if (key == "creationTimestamp" && (value is null || value.GetValue<string>() == RequestTimePlaceholder))
            {
                obj[key] = requestTime;
            }
            else if (value is JsonValue text && text.TryGetValue<string>(out var s) && s == FakeClockPlaceholder)
            {
                obj[key] = usageTimestamp;
            }
        });
        return fixture;
    }

    public static void AssertSame(JsonNode actual, JsonNode expected, string because = "")
    {
        Assert.That(
            JsonNode.DeepEquals(actual, expected),
            Is.True,
            () => $"{because}\nexpected:\n{expected.ToJsonString(Indented)}\nactual:\n{actual.ToJsonString(Indented)}");
    }

    public static string[] Names(JsonNode list) =>
        [.. list["items"]!.AsArray().Select(item => item!["metadata"]!["name"]!.GetValue<string>())];

    public static string[] Keys(JsonNode list) =>
        [.. list["items"]!.AsArray().Select(item => item!["metadata"]!["namespace"]!.GetValue<string>() + "/" + item["metadata"]!["name"]!.GetValue<string>())];

    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static void Walk(JsonNode? node, Action<JsonObject, string, JsonNode?> visit)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    visit(obj, key, value);
                    Walk(obj[key], visit);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Walk(item, visit);
                }

                break;
        }
    }
}
