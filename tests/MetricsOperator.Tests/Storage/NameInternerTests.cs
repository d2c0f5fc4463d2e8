using System.Text;
using MetricsOperator.Storage;

namespace MetricsOperator.Tests.Storage;

public sealed class NameInternerTests
{
    [Test]
    public void Same_utf8_text_gives_the_same_string_instance()
    {
        var interner = new NameInterner();
        var first = interner.Intern("kube-system"u8);
        var second = interner.Intern(Encoding.UTF8.GetBytes("kube-system"));

        Assert.That(first, Is.EqualTo("kube-system"));
        Assert.That(second, Is.SameAs(first));
        Assert.That(interner.Intern("default"u8), Is.Not.SameAs(first));
    }

    [TestCase("ascii-name")]
    [TestCase("näme-with-ümlauts")]
    [TestCase("")]
    public void Utf8_and_string_forms_hash_and_compare_alike(string text)
    {
        var comparer = Utf8NameComparer.Instance;
        var utf8 = Encoding.UTF8.GetBytes(text);

        Assert.That(comparer.GetHashCode(utf8), Is.EqualTo(comparer.GetHashCode(text)));
        Assert.That(comparer.Equals(utf8, text), Is.True);
        Assert.That(comparer.Equals(utf8, text + "x"), Is.False);
    }

    [Test]
    public void Names_longer_than_the_stack_buffer_take_the_pooled_path()
    {
        var text = new string('ä', 300);
        var utf8 = Encoding.UTF8.GetBytes(text);
        var comparer = Utf8NameComparer.Instance;

        Assert.That(comparer.GetHashCode(utf8), Is.EqualTo(comparer.GetHashCode(text)));
        Assert.That(Utf8NameComparer.TextEquals(utf8, text), Is.True);
        Assert.That(Utf8NameComparer.TextEquals(utf8, text[..^1] + "a"), Is.False);
    }

    [Test]
    public void Ascii_bytes_never_equal_a_different_string()
    {
        Assert.That(Utf8NameComparer.TextEquals("abc"u8, "abd"), Is.False);
        Assert.That(Utf8NameComparer.TextEquals("abc"u8, "ab"), Is.False);
        Assert.That(Utf8NameComparer.TextEquals("abc"u8, "abç"), Is.False);
    }

    [Test]
    public void Past_its_capacity_the_interner_starts_over_and_stays_correct()
    {
        var interner = new NameInterner(capacity: 4);
        var names = Enumerable.Range(0, 50).Select(i => $"ns-{i}").ToArray();
        foreach (var name in names)
        {
            Assert.That(interner.Intern(Encoding.UTF8.GetBytes(name)), Is.EqualTo(name));
        }

        Assert.That(interner.Count, Is.LessThanOrEqualTo(4));
        var again = interner.Intern("ns-49"u8);
        Assert.That(interner.Intern("ns-49"u8), Is.SameAs(again));
    }

    [Test]
    public void Capacity_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new NameInterner(0));
    }
}
