using FsCheck;
using FsCheck.Fluent;
using MetricsOperator.Kubernetes.Selectors;

namespace MetricsOperator.Tests.Kubernetes.Selectors;

public sealed class FieldSelectorTests
{
    [TestCase(null, "pod", "ns", true)]
    [TestCase("", "pod", "ns", true)]
    [TestCase("metadata.name=pod", "pod", "ns", true)]
    [TestCase("metadata.name==pod", "pod", "ns", true)]
    [TestCase("metadata.name=pod", "other", "ns", false)]
    [TestCase("metadata.name!=pod", "pod", "ns", false)]
    [TestCase("metadata.name!=pod", "other", "ns", true)]
    [TestCase("metadata.namespace=ns", "pod", "ns", true)]
    [TestCase("metadata.namespace=ns", "pod", "other", false)]
    [TestCase("metadata.namespace=", "node-1", null, true)]
    [TestCase("metadata.namespace=ns", "node-1", null, false)]
    [TestCase("metadata.name=pod,metadata.namespace=ns", "pod", "ns", true)]
    [TestCase("metadata.name=pod,metadata.namespace=ns", "pod", "other", false)]
    [TestCase("metadata.name=pod,", "pod", "ns", true)]
    [TestCase(@"metadata.name=a\,b", "a,b", "ns", true)]
    [TestCase(@"metadata.name=a\=b\\c", @"a=b\c", "ns", true)]
    public void Matches_name_and_namespace(string? text, string name, string? ns, bool expected)
    {
        Assert.That(FieldSelector.TryParse(text, out var selector, out var error), Is.True, error);

        Assert.That(selector!.Matches(name, ns), Is.EqualTo(expected));
    }

    [TestCase("spec.nodeName=node-1", "\"spec.nodeName\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")]
    [TestCase("metadata.name =pod", "\"metadata.name \" is not a known field selector")]
    [TestCase("=pod", "\"\" is not a known field selector")]
    [TestCase("metadata.name", "invalid field selector 'metadata.name': expected field=value, field==value or field!=value")]
    [TestCase("metadata.name=a=b", "invalid field selector 'metadata.name=a=b': unescaped '=' in value \"a=b\" (write '\\=')")]
    [TestCase(@"metadata.name=a\x", @"invalid field selector 'metadata.name=a\x': invalid escape sequence '\x' in value ""a\x""")]
    [TestCase(@"metadata.name=a\", @"invalid field selector 'metadata.name=a\': invalid escape sequence '\' in value ""a\""")]
    public void Invalid_selectors_are_rejected_naming_the_problem(string text, string expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(FieldSelector.TryParse(text, out var selector, out var error), Is.False);
            Assert.That(selector, Is.Null);
            Assert.That(error, Is.EqualTo(expected).Or.StartWith(expected));
        });
    }

    [Test]
    public void Required_values_let_callers_narrow_a_lookup()
    {
        var selector = FieldSelector.Parse("metadata.namespace=kube-system,metadata.name!=x");

        Assert.Multiple(() =>
        {
            Assert.That(selector.RequiredValue(SelectableField.Namespace), Is.EqualTo("kube-system"));
            Assert.That(selector.RequiredValue(SelectableField.Name), Is.Null, "!= does not pin the name");
            Assert.That(selector.ToString(), Is.EqualTo("metadata.namespace=kube-system,metadata.name!=x"));
        });
    }

    [Test]
    public void Canonical_text_escapes_values()
    {
        var selector = FieldSelector.Parse(@"metadata.name==a\,b\=c");

        Assert.That(selector.ToString(), Is.EqualTo(@"metadata.name=a\,b\=c"));
        Assert.That(FieldSelector.Parse(selector.ToString()).Matches("a,b=c", null), Is.True);
    }

    [FsCheck.NUnit.Property(MaxTest = 2000)]
    public Property TryParse_never_throws() =>
        Prop.ForAll(
            Gen.ListOf(Gen.Elements("metadata.name", "metadata.namespace", "spec.x", "=", "==", "!=", ",", "\\", "a", "b", " ", ""))
                .Select(parts => string.Concat(parts)).ToArbitrary(),
            text => FieldSelector.TryParse(text, out var selector, out var error) ? selector is not null : error.Length > 0);
}
