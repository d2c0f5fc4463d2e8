namespace MetricsOperator.Tests.EndToEnd;

/// <summary>Scenario 10: an invalid MetricsBackend is refused by <c>kubectl apply</c> with the CRD schema's messages.</summary>
[TestFixture]
[Order(10)]
[NonParallelizable]
internal sealed class InvalidBackendTests
{
    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task InvalidBackendIsRefusedWithTheSchemasMessages(string version)
    {
        var manifest = EndToEndSandbox.Current.Manifest("invalid.yaml", """
            apiVersion: metricsoperator.dev/v1alpha1
            kind: MetricsBackend
            metadata:
              name: invalid
            spec:
              scraping:
                resolution: fast
              certificates:
                caValidity: 1h
                servingValidity: 2h
            """);

        var result = await EndToEndSandbox.Current.KubectlAsync(version, "apply", "-f", manifest);
        var stored = await EndToEndSandbox.BackendAsync("invalid");

        Assert.That(result.ExitCode, Is.Not.Zero, result.ToString());
        Assert.That(result.Error, Does.Contain("The MetricsBackend \"invalid\" is invalid"));
        Assert.That(result.Error, Does.Contain("spec.scraping.resolution: Invalid value: \"fast\": spec.scraping.resolution in body should match"));
        Assert.That(result.Error, Does.Contain("servingValidity must be shorter than caValidity"));
        Assert.That(stored, Is.Null, "the refused MetricsBackend was stored");
    }
}
