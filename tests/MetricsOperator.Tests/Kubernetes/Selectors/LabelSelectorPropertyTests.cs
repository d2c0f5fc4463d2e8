using FsCheck;
using FsCheck.Fluent;
using MetricsOperator.Kubernetes.Selectors;

namespace MetricsOperator.Tests.Kubernetes.Selectors;

public sealed class LabelSelectorPropertyTests
{
    private static readonly string[] Tokens =
    [
        "a", "b", "app", "web", "x/y", "example.com/k", "in", "notin", "=", "==", "!=", "!", "(", ")", ",", " ", ">", "<",
        "1", "-", "_", ".", "/", "\\", "é", "\t", "",
    ];

    private static readonly IReadOnlyDictionary<string, string>[] LabelSets =
    [
        new Dictionary<string, string>(),
        new Dictionary<string, string> { ["a"] = "b", ["app"] = "web" },
        new Dictionary<string, string> { ["a"] = "1", ["b"] = "", ["x/y"] = "web" },
        new Dictionary<string, string> { ["example.com/k"] = "a", ["app"] = "1" },
    ];

    private static Arbitrary<string> TokenSoup() =>
        Gen.ListOf(Gen.Elements(Tokens)).Select(tokens => string.Concat(tokens)).ToArbitrary();

    [FsCheck.NUnit.Property(MaxTest = 1000)]
    public Property TryParse_never_throws_on_arbitrary_text() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            var parsed = LabelSelector.TryParse(text, out var selector, out var error);
            return parsed ? selector is not null && error.Length == 0 : selector is null && error.Length > 0;
        });

    [FsCheck.NUnit.Property(MaxTest = 3000)]
    public Property TryParse_never_throws_on_selector_like_text() =>
        Prop.ForAll(TokenSoup(), text =>
        {
            var parsed = LabelSelector.TryParse(text, out var selector, out var error);
            return parsed ? selector is not null && error.Length == 0 : selector is null && error.Length > 0;
        });

    [FsCheck.NUnit.Property(MaxTest = 3000)]
    public Property Canonical_text_parses_back_to_an_equivalent_selector() =>
        Prop.ForAll(TokenSoup(), text =>
        {
            if (!LabelSelector.TryParse(text, out var selector, out _))
            {
                return true;
            }

            var reparsed = LabelSelector.Parse(selector.ToString());
            return reparsed.ToString() == selector.ToString()
                && LabelSets.All(labels => reparsed.Matches(labels) == selector.Matches(labels));
        });
}
