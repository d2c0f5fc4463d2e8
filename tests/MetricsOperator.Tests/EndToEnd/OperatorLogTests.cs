using System.Text.RegularExpressions;

namespace MetricsOperator.Tests.EndToEnd;

/// <summary>
/// Runs after every other end-to-end fixture: the operators' output shows no 403 from the stand-in, the proof that
/// the manifests' RBAC covers every call the operator makes.
/// </summary>
[TestFixture]
[Order(int.MaxValue)]
[NonParallelizable]
internal sealed partial class OperatorLogTests
{
    [Test]
    public void NoOperatorCallWasForbidden()
    {
        var lines = EndToEndSandbox.Current.AllOperatorLines.ToList();
        var forbidden = lines.Where(l => Forbidden().IsMatch(l)).ToList();

        // Warnings and errors other than 403 are expected here (killed leader, faulty kubelets, deleted children): shown, not judged.
        foreach (var line in lines.Where(l => l.Contains(" fail: ", StringComparison.Ordinal) || l.Contains(" warn: ", StringComparison.Ordinal)).Take(50))
        {
            TestContext.Out.WriteLine(line);
        }

        Assert.That(lines, Is.Not.Empty, "no operator output was captured");
        Assert.That(forbidden, Is.Empty, "the manifests' RBAC does not cover these calls");
    }

    [GeneratedRegex(@"\b403\b|forbidden", RegexOptions.IgnoreCase)]
    private static partial Regex Forbidden();
}
