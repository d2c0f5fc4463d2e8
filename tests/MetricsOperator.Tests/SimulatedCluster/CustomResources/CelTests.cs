using System.Text.Json.Nodes;
using MetricsOperator.SimulatedCluster.CustomResources.Cel;

namespace MetricsOperator.Tests.SimulatedCluster.CustomResources;

[TestFixture]
internal sealed class CelTests
{
    private const string Self = """{"caBundle":"-----BEGIN CERTIFICATE-----x","kind":"ServiceAccount","namespace":"ns","renewBefore":"30m","servingValidity":"1h","n":3,"list":[1,2]}""";

    [TestCase("self.caBundle.contains('-----BEGIN CERTIFICATE-----')", true)]
    [TestCase("!(has(self.caBundle) && has(self.caSecretRef))", true)]
    [TestCase("!(has(self.insecureSkipVerify) && self.insecureSkipVerify && (has(self.caBundle) || has(self.caSecretRef)))", true)]
    [TestCase("!has(self.renewBefore) || !has(self.servingValidity) || duration(self.renewBefore) < duration(self.servingValidity)", true)]
    [TestCase("duration(self.servingValidity) <= duration(self.renewBefore)", false)]
    [TestCase("self.kind != 'ServiceAccount' || (has(self.namespace) && self.namespace != '')", true)]
    [TestCase("self.kind == 'ServiceAccount' || !has(self.namespace) || self.namespace == ''", true)]
    [TestCase("!has(self.apiGroup) || self.apiGroup == \"\" || (self.kind != \"ServiceAccount\" && self.apiGroup == \"rbac.authorization.k8s.io\")", true)]
    [TestCase("self.n * 2 + 1 == 7 && self.n % 2 == 1 && -self.n < 0", true)]
    [TestCase("size(self.list) == 2 && 2 in self.list && self.list.all(x, x > 0) && self.list.exists(x, x == 2)", true)]
    [TestCase("self.n > 5 ? false : true", true)]
    public void EvaluatesTheRuleForms(string rule, bool expected)
    {
        var self = CelEvaluator.FromJson(JsonNode.Parse(Self));

        var result = CelEvaluator.Evaluate(CelParser.Parse(rule), new Dictionary<string, object?> { ["self"] = self });

        Assert.That(result, Is.EqualTo(expected));
    }

    [TestCase("self.missing == 1", "no such key: missing")]
    [TestCase("self.n + 'x' == 1", "no such overload")]
    [TestCase("duration('later') > duration('1s')", "invalid duration")]
    public void RuntimeErrorsAreCelErrors(string rule, string message)
    {
        var self = CelEvaluator.FromJson(JsonNode.Parse(Self));

        var error = Assert.Throws<CelException>(() => CelEvaluator.Evaluate(CelParser.Parse(rule), new Dictionary<string, object?> { ["self"] = self }));

        Assert.That(error!.Message, Does.Contain(message));
    }

    [TestCase("self.a ==")]
    [TestCase("self.a # 1")]
    [TestCase("'open")]
    public void MalformedRulesDoNotCompile(string rule) =>
        Assert.Throws<FormatException>(() => CelParser.Parse(rule));
}
