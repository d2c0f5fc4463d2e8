using k8s;
using MetricsOperator.Kubernetes.ListWatch;

namespace MetricsOperator.Tests.Kubernetes.ListWatch;

public sealed class WatchStreamReaderTests
{
    [TestCase("ADDED", WatchEventType.Added)]
    [TestCase("MODIFIED", WatchEventType.Modified)]
    [TestCase("DELETED", WatchEventType.Deleted)]
    [TestCase("BOOKMARK", WatchEventType.Bookmark)]
    [TestCase("added", WatchEventType.Added)]
    public void Object_events_are_decoded(string type, WatchEventType expected)
    {
        var watchEvent = WatchStreamReader.Parse<PartialObjectMetadata>(
            """{"type":"TYPE","object":{"kind":"PartialObjectMetadata","metadata":{"name":"a","resourceVersion":"9"}}}""".Replace("TYPE", type, StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(watchEvent.Type, Is.EqualTo(expected));
            Assert.That(watchEvent.Object?.Metadata.Name, Is.EqualTo("a"));
            Assert.That(watchEvent.ResourceVersion, Is.EqualTo("9"));
            Assert.That(watchEvent.Status, Is.Null);
        });
    }

    [TestCase("ERROR")]
    [TestCase("ADDED")]
    public void A_status_object_is_an_error_event_whatever_the_type(string type)
    {
        var watchEvent = WatchStreamReader.Parse<PartialObjectMetadata>(
            """{"type":"TYPE","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"etcd down","reason":"InternalError","code":500}}""".Replace("TYPE", type, StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(watchEvent.Type, Is.EqualTo(WatchEventType.Error));
            Assert.That(watchEvent.Object, Is.Null);
            Assert.That(watchEvent.Status?.Code, Is.EqualTo(500));
            Assert.That(watchEvent.Status?.Message, Is.EqualTo("etcd down"));
        });
    }

    [TestCase("not json", "undecodable watch event")]
    [TestCase("[1,2]", "watch event without a string \"type\" and an \"object\"")]
    [TestCase("""{"object":{}}""", "watch event without a string \"type\" and an \"object\"")]
    [TestCase("""{"type":"ADDED"}""", "watch event without a string \"type\" and an \"object\"")]
    [TestCase("""{"type":7,"object":{}}""", "watch event without a string \"type\" and an \"object\"")]
    [TestCase("""{"type":"ADDED","object":null}""", "watch event without a string \"type\" and an \"object\"")]
    [TestCase("""{"type":"SYNC","object":{}}""", "unknown watch event type \"SYNC\"")]
    [TestCase("""{"type":"ADDED","object":{"metadata":7}}""", "undecodable watch event")]
    [TestCase("""{"type":"ADDED","object":{"metadata":{"creationTimestamp":"yesterday"}}}""", "undecodable watch event")]
    public void Undecodable_lines_become_malformed_error_events_quoting_the_line(string line, string problem)
    {
        var watchEvent = WatchStreamReader.Parse<PartialObjectMetadata>(line);

        Assert.Multiple(() =>
        {
            Assert.That(watchEvent.Type, Is.EqualTo(WatchEventType.Error));
            Assert.That(WatchStatuses.IsMalformed(watchEvent.Status), Is.True);
            Assert.That(watchEvent.Status!.Code, Is.EqualTo(500));
            Assert.That(watchEvent.Status.Message, Does.StartWith(problem).And.EndWith(line));
        });
    }

    [Test]
    public void Long_lines_are_quoted_shortened()
    {
        var line = "{\"type\":\"ADDED\",\"object\":" + new string(' ', 500) + "}";

        var message = WatchStreamReader.Parse<PartialObjectMetadata>(line).Status!.Message;

        Assert.That(message, Does.EndWith(line[..200] + "…"));
    }

    [Test]
    public async Task Blank_lines_are_skipped_and_the_stream_ends_with_the_body()
    {
        var body = "\n" + """{"type":"ADDED","object":{"metadata":{"name":"a"}}}""" + "\r\n\n" + """{"type":"DELETED","object":{"metadata":{"name":"a"}}}""";
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body));

        var types = new List<WatchEventType>();
        await foreach (var watchEvent in WatchStreamReader.ReadAsync<PartialObjectMetadata>(stream, CancellationToken.None))
        {
            types.Add(watchEvent.Type);
        }

        Assert.That(types, Is.EqualTo(new[] { WatchEventType.Added, WatchEventType.Deleted }));
    }
}
