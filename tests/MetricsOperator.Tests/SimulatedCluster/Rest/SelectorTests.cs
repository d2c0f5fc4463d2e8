using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.Rest;
using MetricsOperator.SimulatedCluster.Storage;

namespace MetricsOperator.Tests.SimulatedCluster.Rest;

[TestFixture]
internal sealed class SelectorTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["tier"] = "front", ["rank"] = "3" };

    [TestCase("", true)]
    [TestCase("app=web", true)]
    [TestCase("app==web,tier=front", true)]
    [TestCase("app!=web", false)]
    [TestCase("missing!=x", true)]
    [TestCase("app in (api, web)", true)]
    [TestCase("app notin (web)", false)]
    [TestCase("tier", true)]
    [TestCase("!tier", false)]
    [TestCase("!missing", true)]
    [TestCase("rank>2", true)]
    [TestCase("rank<3", false)]
    [TestCase("app in (web),tier notin (back),!missing", true)]
    public void LabelSelectorFullSyntax(string selector, bool expected) =>
        Assert.That(LabelSelector.Parse(selector).Matches(Labels), Is.EqualTo(expected));

    [TestCase("app in web")]
    [TestCase("a b=c")]
    [TestCase(",")]
    public void MalformedLabelSelectorIsABadRequest(string selector)
    {
        var error = Assert.Throws<ApiException>(() => LabelSelector.Parse(selector));
        Assert.That(error!.Code, Is.EqualTo(400));
    }

    [Test]
    public void FieldSelectorsOnPods()
    {
        var pods = new ResourceRegistry().Find("", "v1", "pods")!;
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "p", ["namespace"] = "ns" },
            ["spec"] = new JsonObject { ["nodeName"] = "node-1" },
            ["status"] = new JsonObject { ["phase"] = "Running" },
        };

        Assert.Multiple(() =>
        {
            Assert.That(FieldSelector.Parse("spec.nodeName=node-1,status.phase=Running", pods).Matches(pod), Is.True);
            Assert.That(FieldSelector.Parse("status.phase!=Running", pods).Matches(pod), Is.False);
            Assert.That(FieldSelector.Parse("metadata.name==p,metadata.namespace=ns", pods).Matches(pod), Is.True);
            Assert.That(FieldSelector.Parse("metadata.name=p", pods).PinnedName, Is.EqualTo("p"));
        });
    }

    [Test]
    public void UnsupportedFieldLabelIsRefusedAsKubeApiserverDoes()
    {
        var configMaps = new ResourceRegistry().Find("", "v1", "configmaps")!;

        var error = Assert.Throws<ApiException>(() => FieldSelector.Parse("spec.nodeName=x", configMaps));

        Assert.That(error!.Message, Is.EqualTo("field label not supported: spec.nodeName"));
    }
}
