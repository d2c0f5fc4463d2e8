using System.Text.Json.Nodes;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Reconciliation.Spec;
using MetricsOperator.SimulatedCluster.CustomResources;

namespace MetricsOperator.Tests.Api.V1Alpha1;

/// <summary>
/// The CRD's rule ordering the certificate lifetimes, evaluated as the simulated API server admits a MetricsBackend
/// (defaults, then schema and CEL rules), refuses exactly what the operator's spec reader refuses: an object the API
/// server stores is never then reported InvalidSpec for its lifetimes.
/// </summary>
[TestFixture]
internal sealed class CertificateLifetimeRuleTests
{
    private const string SchemaMessage = "spec.certificates: Invalid value: \"object\": servingValidity must be shorter than caValidity";

    [TestCase("720h", "720h", false)]
    [TestCase("2h", "120m", false)]
    [TestCase("2h", "1h59m59s", true)]
    [TestCase("2h", "3h", false)]
    [TestCase(null, "43800h", false)]
    [TestCase("8760h", null, false)]
    [TestCase("8761h", null, true)]
    [TestCase(null, null, true)]
    public void TheSchemaAndTheSpecReaderAgreeOnTheOrdering(string? ca, string? serving, bool accepted)
    {
        var schemaErrors = Admit(ca, serving);
        var readerErrors = Read(ca, serving);

        Assert.Multiple(() =>
        {
            Assert.That(schemaErrors, accepted ? Is.Empty : Is.EqualTo(new[] { SchemaMessage }), "schema");
            Assert.That(readerErrors, accepted ? Is.Empty : Has.One.Contains("must be shorter than the CA validity"), "spec reader");
        });
    }

    [Test]
    public void EqualLifetimesAreRefusedByBothWithTheirMessages()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Admit("4h", "4h"), Is.EqualTo(new[] { SchemaMessage }));
            Assert.That(Read("4h", "4h"), Is.EqualTo(new[] { "spec.certificates.servingValidity: 4h0m0s must be shorter than the CA validity (4h0m0s)" }));
        });
    }

    private static List<string> Admit(string? ca, string? serving)
    {
        var certificates = new JsonObject();
        if (ca is not null)
        {
            certificates["caValidity"] = ca;
        }

        if (serving is not null)
        {
            certificates["servingValidity"] = serving;
        }

        var backend = new JsonObject
        {
            ["apiVersion"] = MetricsBackend.GroupVersion,
            ["kind"] = MetricsBackend.KubeKind,
            ["metadata"] = new JsonObject { ["name"] = "default" },
            ["spec"] = new JsonObject { ["certificates"] = certificates },
        };
        var schema = MetricsBackendCrd.RootJson();
        SchemaDefaulter.Apply(backend, schema);
        return SchemaValidator.Validate(backend, schema, null).Select(e => e.ToString()).ToList();
    }

    private static IReadOnlyList<string> Read(string? ca, string? serving)
    {
        var spec = new MetricsBackendSpec { Certificates = new CertificatesSpec { CaValidity = ca, ServingValidity = serving } };
        return BackendSpecInterpreter.Interpret(spec, DevelopmentMode.Off).Errors;
    }
}
