using MetricsOperator.Serving.Authentication;
using MetricsOperator.Serving.Authorization;
using MetricsOperator.Serving.Responses;

namespace MetricsOperator.Tests.Serving.Authorization;

public sealed class ForbiddenMessageTests
{
    [TestCase("jane", "\"jane\"")]
    [TestCase("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [TestCase("back\\slash", "\"back\\\\slash\"")]
    [TestCase("line\nbreak\ttab", "\"line\\nbreak\\ttab\"")]
    [TestCase("bell\a\u0001", "\"bell\\a\\x01\"")]
    [TestCase("jürgen 日本", "\"jürgen 日本\"")]
    [TestCase("zero\u200bwidth", "\"zero\\u200bwidth\"")]
    [TestCase("nbsp\u00a0", "\"nbsp\\u00a0\"")]
    [TestCase("emoji 😀", "\"emoji 😀\"")]
    [TestCase("private \U000F0000", "\"private \\U000f0000\"")]
    public void Strings_are_quoted_as_Go_quotes_them(string value, string expected)
    {
        Assert.That(GoQuotedString.Quote(value), Is.EqualTo(expected));
    }

    [Test]
    public void Markup_in_a_user_name_is_escaped_but_the_authorizers_reason_is_not_touched()
    {
        var attributes = new RequestAttributes { User = new KubernetesUser("<script>&"), Verb = "get", Path = "/version" };

        Assert.That(ForbiddenMessage.For(attributes, "a <reason>"), Is.EqualTo("forbidden: User \"&lt;script&gt;&amp;\" cannot get path \"/version\": a <reason>"));
    }

    [Test]
    public void A_subresource_is_named_with_its_resource_and_the_core_group_is_unqualified()
    {
        var attributes = new RequestAttributes
        {
            User = new KubernetesUser("jane"),
            Verb = "get",
            Path = "/api/v1/namespaces/web/pods/web-0/log",
            IsResourceRequest = true,
            ApiVersion = "v1",
            Resource = "pods",
            Subresource = "log",
            Namespace = "web",
            Name = "web-0",
        };

        Assert.Multiple(() =>
        {
            Assert.That(ForbiddenMessage.For(attributes, null), Is.EqualTo(
                "pods \"web-0\" is forbidden: User \"jane\" cannot get resource \"pods/log\" in API group \"\" in the namespace \"web\""));
            Assert.That(ForbiddenMessage.DetailsFor(attributes), Is.EqualTo(new StatusDetails("web-0", "", "pods")));
        });
    }
}
