using System.Text.RegularExpressions;
using k8s.Models;
using MetricsOperator.Api.V1Alpha1;

namespace MetricsOperator.Tests.Api.V1Alpha1;

/// <summary>The CRD manifest describes exactly the C# contract types, with the documented names and defaults.</summary>
[TestFixture]
internal sealed class MetricsBackendCrdTests
{
    [Test]
    public void NamesScopeAndSubresourcesMatchTheEntity()
    {
        var crd = MetricsBackendCrd.Definition;

        Assert.Multiple(() =>
        {
            Assert.That(crd.Metadata.Name, Is.EqualTo($"{MetricsBackend.KubePluralName}.{MetricsBackend.KubeGroup}"));
            Assert.That(crd.Spec.Group, Is.EqualTo(MetricsBackend.KubeGroup));
            Assert.That(crd.Spec.Scope, Is.EqualTo("Cluster"));
            Assert.That(crd.Spec.Names.Kind, Is.EqualTo(MetricsBackend.KubeKind));
            Assert.That(crd.Spec.Names.ListKind, Is.EqualTo(new MetricsBackendList().Kind));
            Assert.That(crd.Spec.Names.Plural, Is.EqualTo(MetricsBackend.KubePluralName));
            Assert.That(crd.Spec.Names.ShortNames, Is.EqualTo(new[] { MetricsBackend.KubeShortName }));
            Assert.That(crd.Spec.Versions, Has.Count.EqualTo(1));
            Assert.That(MetricsBackendCrd.Version.Served && MetricsBackendCrd.Version.Storage, Is.True);
            Assert.That(MetricsBackendCrd.Version.Subresources?.Status, Is.Not.Null, "status subresource");
        });
    }

    [Test]
    public void EveryCSharpFieldIsInTheSchemaAndEverySchemaFieldIsInCSharp()
    {
        var problems = SchemaAgreement.Compare(typeof(MetricsBackend), MetricsBackendCrd.Root, "");

        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
    }

    [Test]
    public void TheComparisonReportsMissingExtraAndMistypedFields()
    {
        var schema = MetricsBackendCrd.At("spec.apiService");

        var problems = SchemaAgreement.Compare(typeof(DriftedApiServiceSpec), schema, ".spec.apiService");

        Assert.That(problems, Is.EquivalentTo(new[]
        {
            ".spec.apiService.groupPriorityMinimum: C# maps to string, schema says integer",
            ".spec.apiService.priority: in C# DriftedApiServiceSpec but not in the schema",
            ".spec.apiService.takeover: in the schema but not in C# DriftedApiServiceSpec",
            ".spec.apiService.insecureSkipTLSVerify: in the schema but not in C# DriftedApiServiceSpec",
        }));
    }

    [TestCase("Ready", ".status.conditions[?(@.type==\"Ready\")].status", "string")]
    [TestCase("APIService", ".status.conditions[?(@.type==\"APIServiceAvailable\")].status", "string")]
    [TestCase("Nodes", ".status.nodes.summary", "string")]
    [TestCase("Age", ".metadata.creationTimestamp", "date")]
    public void PrinterColumnsAreTheDocumentedOnes(string name, string jsonPath, string type)
    {
        var column = MetricsBackendCrd.Version.AdditionalPrinterColumns.SingleOrDefault(c => c.Name == name);

        Assert.That(column, Is.Not.Null, name);
        Assert.That((column!.JsonPath, column.Type, column.Priority ?? 0), Is.EqualTo((jsonPath, type, 0)));
    }

    [Test]
    public void EveryPrinterColumnPointsAtAnExistingFieldOfItsType()
    {
        var problems = MetricsBackendCrd.Version.AdditionalPrinterColumns
            .SelectMany(column => PrinterColumnPath.Check(column, MetricsBackendCrd.Root))
            .ToList();

        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
    }

    [Test]
    public void APrinterColumnOnAMissingFieldOrUnknownConditionIsReported()
    {
        var missing = new V1CustomResourceColumnDefinition { JsonPath = ".status.nodes.healthy", Name = "Healthy", Type = "string" };
        var unknownCondition = new V1CustomResourceColumnDefinition
        {
            JsonPath = ".status.conditions[?(@.type==\"Happy\")].status",
            Name = "Happy",
            Type = "string",
        };

        Assert.That(PrinterColumnPath.Check(missing, MetricsBackendCrd.Root), Is.Not.Empty);
        Assert.That(PrinterColumnPath.Check(unknownCondition, MetricsBackendCrd.Root), Is.Not.Empty);
    }

    [Test]
    public void DefaultsAreTheOperatorsDefaults()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Default("spec.apiService.groupPriorityMinimum"), Is.EqualTo(MetricsBackendDefaults.GroupPriorityMinimum));
            Assert.That(Default("spec.apiService.versionPriority"), Is.EqualTo(MetricsBackendDefaults.VersionPriority));
            Assert.That(Default("spec.apiService.takeover"), Is.EqualTo(MetricsBackendDefaults.Takeover));
            Assert.That(Default("spec.apiService.insecureSkipTLSVerify"), Is.EqualTo(MetricsBackendDefaults.InsecureSkipTlsVerify));
            Assert.That(Default("spec.scraping.resolution"), Is.EqualTo(MetricsBackendDefaults.Resolution));
            Assert.That(Default("spec.scraping.timeout"), Is.Null, "the timeout derives from the resolution");
            Assert.That(Default("spec.scraping.preferredAddressTypes"), Is.EqualTo(MetricsBackendDefaults.PreferredAddressTypes));
            Assert.That(Default("spec.scraping.useNodeStatusPort"), Is.EqualTo(MetricsBackendDefaults.UseNodeStatusPort));
            Assert.That(Default("spec.scraping.kubeletTLS.caSecretRef.key"), Is.EqualTo(MetricsBackendDefaults.KubeletCaSecretKey));
            Assert.That(Default("spec.certificates.caValidity"), Is.EqualTo(MetricsBackendDefaults.CaValidity));
            Assert.That(Default("spec.certificates.servingValidity"), Is.EqualTo(MetricsBackendDefaults.ServingValidity));
            Assert.That(Default("spec.certificates.renewBefore"), Is.Null, "renewal at two thirds of the lifetime");
            Assert.That(Default("spec.serving.swapUsage"), Is.EqualTo(MetricsBackendDefaults.SwapUsage));
            Assert.That(Default("spec.serving.podSelector"), Is.EquivalentTo(MetricsBackendDefaults.PodSelector.ToDictionary(p => (object)p.Key, p => (object)p.Value)));
        });
    }

    [TestCase("spec")]
    [TestCase("spec.apiService")]
    [TestCase("spec.scraping")]
    [TestCase("spec.certificates")]
    [TestCase("spec.serving")]
    public void SectionsWithDefaultsAreDefaultedToAnEmptyObjectSoTheirFieldsGetTheirs(string path)
    {
        Assert.That(Default(path), Is.Empty);
    }

    [Test]
    public void EveryDefaultSatisfiesItsOwnSchema()
    {
        var problems = new List<string>();
        Visit(MetricsBackendCrd.Root, "", (schema, path) =>
        {
            if (schema.DefaultProperty is { } value)
            {
                problems.AddRange(StructuralSchemaValidator.Validate(value, schema, path));
            }
        });

        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
    }

    [Test]
    public void AddressTypesAreTheNodeAddressTypes()
    {
        var items = MetricsBackendCrd.AsSchema(MetricsBackendCrd.At("spec.scraping.preferredAddressTypes").Items)!;

        Assert.That(items.EnumProperty, Is.EqualTo(NodeAddressTypes.All));
    }

    [TestCase("spec.apiService.groupPriorityMinimum", 1, 20000)]
    [TestCase("spec.apiService.versionPriority", 1, 1000)]
    public void PrioritiesHaveTheAPIServiceRanges(string path, int minimum, int maximum)
    {
        var schema = MetricsBackendCrd.At(path);

        Assert.That((schema.Minimum, schema.Maximum), Is.EqualTo(((double?)minimum, (double?)maximum)));
    }

    [TestCase("spec.scraping.resolution")]
    [TestCase("spec.scraping.timeout")]
    [TestCase("spec.scraping.stalenessBound")]
    [TestCase("spec.certificates.caValidity")]
    [TestCase("spec.certificates.servingValidity")]
    [TestCase("spec.certificates.renewBefore")]
    public void DurationsAcceptGoDurationsOnly(string path)
    {
        var pattern = MetricsBackendCrd.At(path).Pattern;

        Assert.That(pattern, Is.Not.Null, path);
        string[] good = ["15s", "1h30m", "1.5h", "500ms", "250us", "10µs", "10μs", "100ns", "43800h"];
        string[] bad = ["", "15", "1d", "-1s", "1.s", "s", "15 s", "1h 30m", "P1D", "1e3s"];
        Assert.Multiple(() =>
        {
            foreach (var text in good)
            {
                Assert.That(Regex.IsMatch(text, pattern!), Is.True, $"{path} should accept \"{text}\"");
            }

            foreach (var text in bad)
            {
                Assert.That(Regex.IsMatch(text, pattern!), Is.False, $"{path} should refuse \"{text}\"");
            }
        });
    }

    [Test]
    public void CrossFieldRulesCarryAMessage()
    {
        var rules = new List<V1ValidationRule>();
        Visit(MetricsBackendCrd.Root, "", (schema, _) => rules.AddRange(schema.XKubernetesValidations ?? []));

        Assert.That(rules, Has.Count.GreaterThanOrEqualTo(7));
        Assert.That(rules, Has.All.Matches<V1ValidationRule>(r => !string.IsNullOrWhiteSpace(r.Rule) && !string.IsNullOrWhiteSpace(r.Message)));
    }

    private static object? Default(string path) => MetricsBackendCrd.At(path).DefaultProperty;

    private static void Visit(V1JSONSchemaProps schema, string path, Action<V1JSONSchemaProps, string> visit)
    {
        visit(schema, path);
        foreach (var (name, child) in schema.Properties ?? new Dictionary<string, V1JSONSchemaProps>())
        {
            Visit(child, $"{path}.{name}", visit);
        }

        if (MetricsBackendCrd.AsSchema(schema.Items) is { } items)
        {
            Visit(items, path + "[]", visit);
        }

        if (MetricsBackendCrd.AsSchema(schema.AdditionalProperties) is { } values)
        {
            Visit(values, path + "{}", visit);
        }
    }

    /// <summary>An <see cref="ApiServiceSpec"/> as it might drift: a renamed field, a changed type, two removed.</summary>
    private sealed class DriftedApiServiceSpec
    {
        [System.Text.Json.Serialization.JsonPropertyName("groupPriorityMinimum")]
        public string? GroupPriorityMinimum { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("priority")]
        public int? Priority { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("versionPriority")]
        public int? VersionPriority { get; set; }
    }
}
