using MetricsOperator.Serving.Authentication;

namespace MetricsOperator.Tests.Serving.Authentication;

public sealed class ExtraHeaderKeyTests
{
    [TestCase("Scopes", "scopes")]
    [TestCase("Acme.com%2FProject", "acme.com/project")]
    [TestCase("acme.com%2fproject", "acme.com/project")]
    [TestCase("Caf%C3%A9", "café")]
    [TestCase("100%25", "100%")]
    [TestCase("bad%zz", "bad%zz")]
    [TestCase("trailing%2", "trailing%2")]
    [TestCase("trailing%", "trailing%")]
    [TestCase("%41%zz", "%41%zz")]
    public void Lower_cases_then_percent_decodes_and_leaves_a_malformed_key_undecoded(string encoded, string expected)
    {
        Assert.That(ExtraHeaderKey.Decode(encoded), Is.EqualTo(expected));
    }
}
