using k8s;

namespace MetricsOperator.Tests.Reconciliation;

/// <summary>
/// Compares an object with an expected YAML file under Reconciliation/Expected. Both go through the client's YAML
/// model, so formatting and key order in the file do not matter, only content.
/// </summary>
internal static class ExpectedYaml
{
    public static void AssertMatches<T>(T actual, string fileName)
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "Reconciliation", "Expected", fileName);
        var expected = KubernetesYaml.Deserialize<T>(File.ReadAllText(path), strict: true);
        Assert.That(KubernetesYaml.Serialize(actual), Is.EqualTo(KubernetesYaml.Serialize(expected)), $"compared with {fileName}");
    }
}
