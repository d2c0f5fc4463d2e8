using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Tests.Fixtures;

namespace MetricsOperator.Tests.Api.V1Alpha1;

/// <summary>The sample is valid, and the schema refuses what it can express as invalid, naming the field.</summary>
[TestFixture]
internal sealed class MetricsBackendSampleTests
{
    private static readonly string SamplePath = RepositoryFiles.PathOf("manifests", "samples", "metricsbackend.yaml");

    [Test]
    public void TheSampleIsValidAgainstTheSchema()
    {
        var sample = KubernetesYaml.Deserialize<Dictionary<object, object>>(File.ReadAllText(SamplePath), strict: true);

        Assert.That(StructuralSchemaValidator.Validate(sample, MetricsBackendCrd.Root, ""), Is.Empty);
    }

    [Test]
    public void TheSampleReadsIntoTheCSharpTypesWithoutUnknownFields()
    {
        var json = JsonSerializer.Serialize(KubernetesYaml.Deserialize<Dictionary<string, object>>(File.ReadAllText(SamplePath), strict: true));
        var options = new JsonSerializerOptions { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

        var backend = JsonSerializer.Deserialize<MetricsBackend>(json, options)!;

        Assert.Multiple(() =>
        {
            Assert.That(backend.Metadata.Name, Is.EqualTo("default"));
            Assert.That(backend.ApiVersion, Is.EqualTo(MetricsBackend.GroupVersion));
            Assert.That(backend.Kind, Is.EqualTo(MetricsBackend.KubeKind));
            Assert.That(backend.Spec.Scraping?.Resolution, Is.EqualTo(MetricsBackendDefaults.Resolution));
            Assert.That(backend.Spec.Scraping?.PreferredAddressTypes, Is.EqualTo(MetricsBackendDefaults.PreferredAddressTypes));
            Assert.That(backend.Spec.ApiService?.Takeover, Is.False);
        });
    }

    [TestCase("spec:\n  scraping:\n    resolution: 15\n", ".spec.scraping.resolution")]
    [TestCase("spec:\n  scraping:\n    resolution: 1d\n", ".spec.scraping.resolution")]
    [TestCase("spec:\n  scraping:\n    preferredAddressTypes: [PodIP]\n", ".spec.scraping.preferredAddressTypes[0]")]
    [TestCase("spec:\n  scraping:\n    preferredAddressTypes: [Hostname, Hostname]\n", ".spec.scraping.preferredAddressTypes")]
    [TestCase("spec:\n  scraping:\n    preferredAddressTypes: []\n", ".spec.scraping.preferredAddressTypes")]
    [TestCase("spec:\n  apiService:\n    groupPriorityMinimum: 0\n", ".spec.apiService.groupPriorityMinimum")]
    [TestCase("spec:\n  apiService:\n    versionPriority: 1001\n", ".spec.apiService.versionPriority")]
    [TestCase("spec:\n  scraping:\n    kubeletTLS:\n      caSecretRef: {key: ca.crt}\n", ".spec.scraping.kubeletTLS.caSecretRef.name")]
    [TestCase("spec:\n  access:\n    extraReaderSubjects: [{kind: Robot, name: r2}]\n", ".spec.access.extraReaderSubjects[0].kind")]
    [TestCase("spec:\n  access:\n    extraReaderSubjects: [{kind: User}]\n", ".spec.access.extraReaderSubjects[0].name")]
    [TestCase("spec:\n  serving:\n    podSelector: {}\n", ".spec.serving.podSelector")]
    [TestCase("spec:\n  scrapping: {}\n", ".spec.scrapping")]
    public void TheSchemaRefusesBadInputNamingTheField(string yaml, string field)
    {
        var backend = KubernetesYaml.Deserialize<Dictionary<object, object>>(
            $"apiVersion: {MetricsBackend.GroupVersion}\nkind: {MetricsBackend.KubeKind}\nmetadata: {{name: x}}\n{yaml}", strict: true);

        var errors = StructuralSchemaValidator.Validate(backend, MetricsBackendCrd.Root, "");

        Assert.That(errors, Has.Some.StartsWith(field + ":"), string.Join(Environment.NewLine, errors));
    }
}
