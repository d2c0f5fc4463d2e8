using MetricsOperator.Serving.Negotiation;
using Microsoft.Extensions.Primitives;

namespace MetricsOperator.Tests.Serving.Negotiation;

/// <summary>The one Accept-header parser: goautoneg's leniency and ordering.</summary>
public sealed class MediaRangeTests
{
    [TestCase("application/json", "application/json")]
    [TestCase("text/plain, application/yaml", "text/plain|application/yaml")]
    [TestCase("*/*, application/*, application/json", "application/json|application/*|*/*")]
    [TestCase("application/yaml;q=0.1, */*;q=0.9", "*/*|application/yaml")]
    [TestCase("application/yaml;q=0, application/json;q=x, text/plain", "text/plain")]
    [TestCase("application/json;q=\"0.5\", text/plain;q=0.6", "text/plain|application/json")]
    [TestCase("nonsense, /json, application/, , application/json", "application/json")]
    [TestCase("application/com.github.proto-openapi.spec.v2@v1.0+protobuf, application/json", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf|application/json")]
    public void Orders_by_quality_then_specificity_then_client_order(string accept, string expected)
    {
        var ranges = MediaRange.ParseByPreference(accept);

        var listed = new List<string>();
        foreach (var range in ranges)
        {
            listed.Add($"{range.Type}/{range.SubType}");
        }

        Assert.That(string.Join('|', listed), Is.EqualTo(expected));
    }

    [Test]
    public void Reads_every_header_line_and_parameters_without_quotes()
    {
        var ranges = MediaRange.ParseByPreference(new StringValues(["application/yaml;q=0.5", " Application/JSON ; AS = \"Table\" ; g=meta.k8s.io ;broken; =x"]));

        Assert.Multiple(() =>
        {
            Assert.That(ranges, Has.Count.EqualTo(2));
            Assert.That(ranges[0].Admits("application", "json"), Is.True);
            Assert.That(ranges[0].Parameter("as"), Is.EqualTo("Table"));
            Assert.That(ranges[0].Parameter("g"), Is.EqualTo("meta.k8s.io"));
            Assert.That(ranges[0].Parameters, Has.Count.EqualTo(2));
            Assert.That(ranges[0].Parameter("v"), Is.Null);
            Assert.That(ranges[1].Quality, Is.EqualTo(0.5));
        });
    }

    [TestCase("application/json;as=Table", true)]
    [TestCase("application/json, text/plain", false)]
    [TestCase("json", false)]
    [TestCase("", false)]
    public void Parses_a_single_media_type(string text, bool parses)
    {
        Assert.That(MediaRange.TryParse(text, out _), Is.EqualTo(parses));
    }
}
