using MetricsOperator.Kubernetes.Selectors;

namespace MetricsOperator.Tests.Kubernetes.Selectors;

public sealed class LabelSelectorParseTests
{
    private static readonly string Name63 = new('a', 63);
    private static readonly string Prefix253 = string.Join('.', Enumerable.Repeat(new string('p', 49), 5)) + ".com";

    [TestCase(null, "")]
    [TestCase("", "")]
    [TestCase("   \t", "")]
    [TestCase("app=web", "app=web")]
    [TestCase("app==web", "app=web")]
    [TestCase("app!=web", "app!=web")]
    [TestCase("  app =  web ", "app=web")]
    [TestCase("app=", "app=")]
    [TestCase("app", "app")]
    [TestCase("!app", "!app")]
    [TestCase("! app", "!app")]
    [TestCase("app in (web,db)", "app in (db,web)")]
    [TestCase("app in ( web , db , web )", "app in (db,web)")]
    [TestCase("app notin (a)", "app notin (a)")]
    [TestCase("app in ()", "app in ()")]
    [TestCase("app in (,a)", "app in (,a)")]
    [TestCase("app in (a,,b)", "app in (,a,b)")]
    [TestCase("app in (a,)", "app in (,a)")]
    [TestCase("a in (in,notin)", "a in (in,notin)")]
    [TestCase("a=in", "a=in")]
    [TestCase("replicas>5", "replicas>5")]
    [TestCase("replicas<10", "replicas<10")]
    [TestCase("tier=fe,app=web,!legacy,tier notin (x)", "app=web,!legacy,tier=fe,tier notin (x)")]
    [TestCase("app.kubernetes.io/name=web", "app.kubernetes.io/name=web")]
    [TestCase("example.com/a_b.c-d=A.b-C_9", "example.com/a_b.c-d=A.b-C_9")]
    [TestCase("a=b,a=c", "a=b,a=c")]
    public void Valid_selectors_parse_to_their_canonical_form(string? text, string canonical)
    {
        var parsed = LabelSelector.TryParse(text, out var selector, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(parsed, Is.True, error);
            Assert.That(error, Is.Empty);
            Assert.That(selector!.ToString(), Is.EqualTo(canonical));
            Assert.That(selector.IsEverything, Is.EqualTo(canonical.Length == 0));
        });
    }

    [Test]
    public void Longest_allowed_names_values_and_prefixes_parse()
    {
        Assert.That(Prefix253, Has.Length.EqualTo(253));
        var text = $"{Prefix253}/{Name63}={Name63}";

        Assert.That(LabelSelector.TryParse(text, out var selector, out var error), Is.True, error);
        Assert.That(selector!.Requirements.Single().Key, Is.EqualTo(Prefix253 + "/" + Name63));
    }

    [Test]
    public void Requirements_expose_key_operator_and_sorted_values()
    {
        var selector = LabelSelector.Parse("b in (z,y),a!=x");

        Assert.Multiple(() =>
        {
            Assert.That(selector.Requirements.Select(r => r.Key), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(selector.Requirements.Select(r => r.Operator), Is.EqualTo(new[] { LabelSelectorOperator.NotEqual, LabelSelectorOperator.In }));
            Assert.That(selector.Requirements[1].Values, Is.EqualTo(new[] { "y", "z" }));
            Assert.That(selector.Requirements.Select(r => r.RestrictsToValues), Is.EqualTo(new[] { false, true }));
        });
    }

    [TestCase("=a", "unable to parse requirement: found '=' at position 0, expected: identifier")]
    [TestCase(",a", "unable to parse requirement: found ',' at position 0, expected: identifier")]
    [TestCase("a=b,", "unable to parse requirement: found end of string, expected: identifier")]
    [TestCase("a=b,,c", "unable to parse requirement: found ',' at position 4, expected: identifier")]
    [TestCase("!", "unable to parse requirement: found end of string, expected: identifier after '!'")]
    [TestCase("!!a", "unable to parse requirement: found '!' at position 1, expected: identifier after '!'")]
    [TestCase("!a=b", "unable to parse requirement: found '=' at position 2, expected: ',' or end of string after '!a'")]
    [TestCase("in=b", "unable to parse requirement: found 'in' at position 0, expected: identifier")]
    [TestCase("notin", "unable to parse requirement: found 'notin' at position 0, expected: identifier")]
    [TestCase("a b", "unable to parse requirement: found 'b' at position 2, expected: '=', '==', '!=', 'in', 'notin', '>' or '<'")]
    [TestCase("a (b)", "unable to parse requirement: found '(' at position 2, expected: '=', '==', '!=', 'in', 'notin', '>' or '<'")]
    [TestCase("a in b", "unable to parse requirement: found 'b' at position 5, expected: '('")]
    [TestCase("a in", "unable to parse requirement: found end of string, expected: '('")]
    [TestCase("a in (b", "unable to parse requirement: found end of string, expected: ',' or ')'")]
    [TestCase("a in (b c)", "unable to parse requirement: found 'c' at position 8, expected: ',' or ')'")]
    [TestCase("a in (b,", "unable to parse requirement: found end of string, expected: ',', ')' or identifier")]
    [TestCase("a in (=)", "unable to parse requirement: found '=' at position 6, expected: ',', ')' or identifier")]
    [TestCase("a=(b)", "unable to parse requirement: found '(' at position 2, expected: identifier")]
    [TestCase("a==!b", "unable to parse requirement: found '!' at position 3, expected: identifier")]
    [TestCase("a=b c", "found 'c' at position 4, expected: ',' or end of string")]
    [TestCase("a=b=c", "found '=' at position 3, expected: ',' or end of string")]
    [TestCase("a in (b))", "found ')' at position 8, expected: ',' or end of string")]
    [TestCase("a>b", "unable to parse requirement: for '>' and '<' the value must be an integer, found \"b\" for key \"a\"")]
    [TestCase("a<", "unable to parse requirement: for '>' and '<' the value must be an integer, found \"\" for key \"a\"")]
    [TestCase("a>-1", "unable to parse requirement: invalid label value \"-1\" for key \"a\": a label value must be empty or consist of")]
    [TestCase("-a=b", "unable to parse requirement: invalid label key \"-a\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character")]
    [TestCase("a_=b", "invalid label key \"a_\": name part must consist of")]
    [TestCase("a*b", "invalid label key \"a*b\": name part must consist of")]
    [TestCase("a/b/c=d", "invalid label key \"a/b/c\": a qualified name has at most one '/'")]
    [TestCase("/a=b", "invalid label key \"/a\": prefix part must be non-empty")]
    [TestCase("x/=a", "invalid label key \"x/\": name part must be non-empty")]
    [TestCase("Example.com/a=b", "invalid label key \"Example.com/a\": prefix part must be a lowercase DNS subdomain")]
    [TestCase("a..com/a=b", "invalid label key \"a..com/a\": prefix part must be a lowercase DNS subdomain")]
    [TestCase("-a.com/a=b", "invalid label key \"-a.com/a\": prefix part must be a lowercase DNS subdomain")]
    [TestCase("a_b.com/a=b", "invalid label key \"a_b.com/a\": prefix part must be a lowercase DNS subdomain")]
    [TestCase("a=-b", "invalid label value \"-b\" for key \"a\": a label value must be empty or consist of alphanumeric characters")]
    [TestCase("a in (ok,b_)", "invalid label value \"b_\" for key \"a\"")]
    [TestCase("a=b\u00a0", "invalid label value \"b\u00a0\" for key \"a\"")]
    public void Invalid_selectors_are_rejected_naming_the_problem(string text, string expected)
    {
        var parsed = LabelSelector.TryParse(text, out var selector, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(parsed, Is.False);
            Assert.That(selector, Is.Null);
            Assert.That(error, Does.StartWith(expected).Or.Contain(expected));
        });
    }

    [Test]
    public void Over_long_keys_prefixes_and_values_are_rejected()
    {
        var longName = new string('a', 64);
        var longPrefix = new string('p', 254);

        Assert.Multiple(() =>
        {
            Assert.That(Error($"{longName}=x"), Does.Contain($"invalid label key \"{longName}\": name part must be no more than 63 characters"));
            Assert.That(Error($"{longPrefix}/a=x"), Does.Contain("prefix part must be no more than 253 characters"));
            Assert.That(Error($"a={longName}"), Does.Contain($"invalid label value \"{longName}\" for key \"a\": must be no more than 63 characters"));
        });
    }

    [Test]
    public void Parse_throws_a_format_exception_with_the_same_error()
    {
        var error = Assert.Throws<FormatException>(() => LabelSelector.Parse("a in b"));

        Assert.That(error!.Message, Is.EqualTo(Error("a in b")));
    }

    private static string Error(string text)
    {
        Assert.That(LabelSelector.TryParse(text, out _, out var error), Is.False, text);
        return error;
    }
}
