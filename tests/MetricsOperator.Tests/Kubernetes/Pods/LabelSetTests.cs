using MetricsOperator.Kubernetes.Pods;

namespace MetricsOperator.Tests.Kubernetes.Pods;

public sealed class LabelSetTests
{
    [Test]
    public void Behaves_as_a_read_only_dictionary_sorted_by_key()
    {
        var labels = LabelSet.From(new Dictionary<string, string> { ["zone"] = "a", ["app"] = "web", ["b"] = "" });

        Assert.Multiple(() =>
        {
            Assert.That(labels.Count, Is.EqualTo(3));
            Assert.That(labels.Keys, Is.EqualTo(new[] { "app", "b", "zone" }));
            Assert.That(labels.Values, Is.EqualTo(new[] { "web", "", "a" }));
            Assert.That(labels["zone"], Is.EqualTo("a"));
            Assert.That(labels.TryGetValue("b", out var b) ? b : null, Is.EqualTo(string.Empty));
            Assert.That(labels.ContainsKey("missing"), Is.False);
            Assert.That(() => labels["missing"], Throws.TypeOf<KeyNotFoundException>().With.Message.Contains("no label \"missing\""));
            Assert.That(labels.ToString(), Is.EqualTo("app=web,b=,zone=a"));
        });
    }

    [Test]
    public void Equality_and_hash_follow_content()
    {
        var one = LabelSet.From(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });
        var same = LabelSet.From(new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" });
        var other = LabelSet.From(new Dictionary<string, string> { ["a"] = "1", ["b"] = "3" });

        Assert.Multiple(() =>
        {
            Assert.That(one, Is.EqualTo(same));
            Assert.That(one.GetHashCode(), Is.EqualTo(same.GetHashCode()));
            Assert.That(one, Is.Not.EqualTo(other));
            Assert.That(LabelSet.From(null), Is.SameAs(LabelSet.Empty));
            Assert.That(LabelSet.From(new Dictionary<string, string>()), Is.SameAs(LabelSet.Empty));
        });
    }

    [Test]
    public void Duplicate_or_null_entries_are_rejected()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => LabelSet.From([new("a", "1"), new("a", "2")]),
                Throws.ArgumentException.With.Message.Contains("label \"a\" appears twice"));
            Assert.That(() => LabelSet.From([new("a", null!)]),
                Throws.ArgumentException.With.Message.Contains("must not be null"));
        });
    }

    [Test]
    public void Interner_refuses_a_release_without_an_acquire()
    {
        var interner = new LabelInterner();
        var labels = interner.Acquire(new Dictionary<string, string> { ["a"] = "1" });
        interner.Release(labels);

        Assert.Multiple(() =>
        {
            Assert.That(interner.SetCount, Is.Zero);
            Assert.That(interner.StringCount, Is.Zero);
            Assert.That(() => interner.Release(labels), Throws.InvalidOperationException.With.Message.Contains("released more often than acquired"));
        });
    }
}
