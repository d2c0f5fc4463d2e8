using MetricsOperator.Kubernetes.Selectors;

namespace MetricsOperator.Tests.Kubernetes.Selectors;

public sealed class LabelSelectorMatchTests
{
    [TestCase("", null, true)]
    [TestCase("", "a=1", true)]
    [TestCase("app=web", "app=web", true)]
    [TestCase("app=web", "app=db", false)]
    [TestCase("app=web", "", false)]
    [TestCase("app=web", null, false)]
    [TestCase("app!=web", "", true)]
    [TestCase("app!=web", null, true)]
    [TestCase("app!=web", "app=web", false)]
    [TestCase("app!=web", "app=db", true)]
    [TestCase("app in (a,b)", "app=b", true)]
    [TestCase("app in (a,b)", "app=c", false)]
    [TestCase("app in (a,b)", "", false)]
    [TestCase("app notin (a,b)", "", true)]
    [TestCase("app notin (a,b)", "app=a", false)]
    [TestCase("app notin (a,b)", "app=c", true)]
    [TestCase("app", "app=", true)]
    [TestCase("app", "other=x", false)]
    [TestCase("!app", "other=x", true)]
    [TestCase("!app", "app=x", false)]
    [TestCase("app=", "app=", true)]
    [TestCase("app=", "app=x", false)]
    [TestCase("app in ()", "app=", true)]
    [TestCase("x>5", "x=6", true)]
    [TestCase("x>5", "x=5", false)]
    [TestCase("x>5", "x=abc", false)]
    [TestCase("x>5", "", false)]
    [TestCase("x<5", "x=-1", true)]
    [TestCase("x<5", "x=5", false)]
    [TestCase("a=1,b=2", "a=1,b=2,c=3", true)]
    [TestCase("a=1,b=2", "a=1", false)]
    [TestCase("a=1,!c", "a=1,c=3", false)]
    [TestCase("a=b,a=c", "a=b", false)]
    [TestCase("App=web", "app=web", false)]
    public void Matches_follows_Kubernetes_semantics(string selector, string? labels, bool expected)
    {
        var parsed = LabelSelector.Parse(selector);

        Assert.That(parsed.Matches(Labels(labels)), Is.EqualTo(expected));
    }

    [Test]
    public void Matching_does_not_allocate()
    {
        var selector = LabelSelector.Parse("app in (web,api,db,cache,queue),tier!=test,!legacy,replicas>2,zone");
        IReadOnlyDictionary<string, string> labels = Labels("app=queue,tier=prod,replicas=3,zone=a")!;
        // Warm-up: first calls may allocate once (type initialisation, tiered compilation, on-stack replacement).
        MatchMany(selector, labels);
        MatchMany(selector, labels);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var matched = MatchMany(selector, labels);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.Zero);
            Assert.That(matched, Is.EqualTo(10_000));
        });
    }

    private static int MatchMany(LabelSelector selector, IReadOnlyDictionary<string, string> labels)
    {
        var matched = 0;
        for (var i = 0; i < 10_000; i++)
        {
            matched += selector.Matches(labels) ? 1 : 0;
        }

        return matched;
    }

    internal static Dictionary<string, string>? Labels(string? text) =>
        text?.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
}
