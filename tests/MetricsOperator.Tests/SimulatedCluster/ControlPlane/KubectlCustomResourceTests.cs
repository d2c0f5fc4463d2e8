using System.Diagnostics;
using MetricsOperator.Tests.Fixtures;

namespace MetricsOperator.Tests.SimulatedCluster.ControlPlane;

/// <summary>Real kubectl applying a CRD, then custom resources: table columns, schema defaults and refusals, watch.</summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
internal sealed class KubectlCustomResourceTests
{
    private const string Crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.test
        spec:
          group: example.test
          scope: Namespaced
          names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
          versions:
            - name: v1alpha1
              served: true
              storage: true
              subresources: {status: {}}
              additionalPrinterColumns:
                - {name: Ready, type: string, jsonPath: '.status.conditions[?(@.type=="Ready")].status'}
              schema:
                openAPIV3Schema:
                  type: object
                  properties:
                    spec:
                      type: object
                      properties:
                        resolution: {type: string, pattern: '^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$', default: 15s}
                        replicas: {type: integer, minimum: 1}
                        renewBefore: {type: string}
                        validity: {type: string}
                      x-kubernetes-validations:
                        - rule: '!has(self.renewBefore) || !has(self.validity) || duration(self.renewBefore) < duration(self.validity)'
                          message: renewBefore must be shorter than validity
                    status:
                      type: object
                      properties:
                        conditions:
                          type: array
                          items:
                            type: object
                            properties:
                              type: {type: string}
                              status: {type: string}
        """;

    private StandInServer _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await StandInServer.StartAsync();
        var applied = await _server.KubectlAsync("1.33", "apply", "--server-side", "-f", _server.Manifest("crd.yaml", Crd));
        Assert.That(applied.ExitCode, Is.Zero, applied.Error);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [TestCase("1.27")]
    [TestCase("1.33")]
    public async Task AppliedWidgetGetsDefaultsAndItsTableShowsTheReadyColumn(string version)
    {
        var name = "w" + version.Replace(".", "", StringComparison.Ordinal);
        var manifest = _server.Manifest(name + ".yaml", $"apiVersion: example.test/v1alpha1\nkind: Widget\nmetadata:\n  name: {name}\n  namespace: default\nspec:\n  replicas: 2\n");

        var created = await _server.KubectlAsync(version, "apply", "-f", manifest);
        var status = await _server.KubectlAsync(version, "patch", "wd", name, "-n", "default", "--subresource=status", "--type", "merge", "-p", "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}");
        var spec = await _server.KubectlAsync(version, "get", "widget", name, "-n", "default", "-o", "jsonpath={.spec}");
        var table = await _server.KubectlAsync(version, "get", "wd", name, "-n", "default");

        Assert.That(created.Output.Trim(), Is.EqualTo($"widget.example.test/{name} created"), created.Error);
        Assert.That(status.ExitCode, Is.Zero, status.Error);
        Assert.That(spec.Output, Is.EqualTo("{\"replicas\":2,\"resolution\":\"15s\"}"));
        Assert.That(KubectlRunner.Columns(table.Output), Is.EqualTo(new[] { "NAME READY", $"{name} True" }), table.Error);
    }

    [TestCase("1.27", "apply")]
    [TestCase("1.33", "apply")]
    [TestCase("1.33", "apply --server-side")]
    public async Task InvalidWidgetIsRefusedWithKubeApiserversSchemaMessages(string version, string verb)
    {
        var manifest = _server.Manifest("bad.yaml", "apiVersion: example.test/v1alpha1\nkind: Widget\nmetadata:\n  name: bad\n  namespace: default\nspec:\n  resolution: abc\n  replicas: 0\n  renewBefore: 2h\n  validity: 1h\n");

        var (exit, _, error) = await _server.KubectlAsync(version, [.. verb.Split(' '), "-f", manifest]);

        Assert.That(exit, Is.Not.Zero);
        Assert.That(error, Does.Contain("spec.resolution: Invalid value: \"abc\": spec.resolution in body should match '^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$'"));
        Assert.That(error, Does.Contain("spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1"));
        Assert.That(error, Does.Contain("spec: Invalid value: \"object\": renewBefore must be shorter than validity"));
    }

    [Test]
    public async Task UnknownFieldsAreRefusedUnderKubectlsStrictValidation()
    {
        var manifest = _server.Manifest("unknown.yaml", "apiVersion: example.test/v1alpha1\nkind: Widget\nmetadata:\n  name: unknown\n  namespace: default\nspec:\n  colour: red\n");

        var (exit, _, error) = await _server.KubectlAsync("1.33", "apply", "-f", manifest);

        Assert.That(exit, Is.Not.Zero);
        Assert.That(error, Does.Contain("strict decoding error: unknown field \"spec.colour\""));
    }

    [Test]
    public async Task GetWatchPrintsAWidgetCreatedWhileWatching()
    {
        var home = Directory.CreateTempSubdirectory("kubectl-watch-");
        var watch = StartWatch(home);
        var manifest = _server.Manifest("watched.yaml", "apiVersion: example.test/v1alpha1\nkind: Widget\nmetadata:\n  name: watched\n  namespace: default\nspec: {}\n");
        try
        {
            var seen = new TaskCompletionSource();
            watch.OutputDataReceived += (_, line) =>
            {
                if (line.Data?.StartsWith("watched", StringComparison.Ordinal) == true)
                {
                    seen.TrySetResult();
                }
            };
            watch.BeginOutputReadLine();
            await Task.Delay(TimeSpan.FromSeconds(1));
            var created = await _server.KubectlAsync("1.33", "create", "-f", manifest);
            Assert.That(created.ExitCode, Is.Zero, created.Error);
            await seen.Task.WaitAsync(TimeSpan.FromSeconds(15));
        }
        finally
        {
            watch.Kill();
            await watch.WaitForExitAsync();
            watch.Dispose();
            home.Delete(recursive: true);
        }
    }

    private Process StartWatch(DirectoryInfo home)
    {
        var start = new ProcessStartInfo("/usr/lib/google-cloud-sdk/bin/kubectl.1.33")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["HOME"] = home.FullName;
        start.Environment["KUBECONFIG"] = Path.Combine(home.FullName, "none");
        foreach (var argument in (string[])["--server", _server.Url, "--token", "unused", "--certificate-authority", _server.CaPath, "--cache-dir", Path.Combine(home.FullName, "cache"), "get", "widgets", "-n", "default", "-w"])
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }
}
