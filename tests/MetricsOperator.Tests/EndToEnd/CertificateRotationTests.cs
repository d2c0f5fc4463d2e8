using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using k8s.Models;
using MetricsOperator.Tests.EndToEnd.Testing;

namespace MetricsOperator.Tests.EndToEnd;

/// <summary>
/// Scenario 5: with short certificate lifetimes the operator rotates the serving certificate and the CA while
/// <c>kubectl top</c> runs in a loop through the aggregator (which verifies against the published caBundle): no request fails.
/// </summary>
[TestFixture]
[Order(5)]
[NonParallelizable]
internal sealed class CertificateRotationTests
{
    [OneTimeSetUp]
    public Task ReadyAsync() => EndToEndSandbox.WaitReadyAsync();

    [OneTimeTearDown]
    public async Task RestoreAsync()
    {
        await EndToEndSandbox.ApplySampleAsync();
        await EndToEndSandbox.WaitReadyAsync(TimeSpan.FromSeconds(45));
    }

    [Test]
    public async Task RotationsWhileKubectlTopLoopsFailNoRequest()
    {
        var sandbox = EndToEndSandbox.Current;
        var servingSerials = new HashSet<string>(StringComparer.Ordinal);
        var caSerials = new HashSet<string>(StringComparer.Ordinal);
        var failures = new List<string>();
        var requests = 0;

        await sandbox.KubectlOkAsync("1.33", "patch", "mb", "default", "--type", "merge", "-p", """{"spec":{"certificates":{"caValidity":"24s","servingValidity":"9s"}}}""");

        // Certificates already issued keep their lifetime; new ones follow the policy. Start over with short-lived ones.
        await sandbox.KubectlOkAsync("1.33", "delete", "secret", "metrics-operator-ca", "metrics-operator-serving-cert", "-n", Sandbox.OperatorNamespace);
        await Eventually.HoldsAsync("short-lived certificates to be served", TimeSpan.FromSeconds(30), async () =>
        {
            using var serving = Certificate("metrics-operator-serving-cert", "tls.crt");
            var top = await sandbox.KubectlAsync("1.33", "top", "node");
            return serving is not null && serving.NotAfter - serving.NotBefore < TimeSpan.FromMinutes(1) && top.Succeeded ? null : $"serving until {serving?.NotAfter:O}; {top}";
        });
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(40) && (servingSerials.Count < 3 || caSerials.Count < 2))
        {
            Observe(servingSerials, "metrics-operator-serving-cert", "tls.crt");
            Observe(caSerials, "metrics-operator-ca", "ca.crt");
            var top = await sandbox.KubectlAsync(requests % 2 == 0 ? "1.33" : "1.27", "top", "node");
            requests++;
            if (!top.Succeeded)
            {
                failures.Add($"{clock.Elapsed.TotalSeconds:0.0}s: {top}");
            }
        }

        TestContext.Out.WriteLine($"{requests} kubectl top runs, {servingSerials.Count} serving certificates, {caSerials.Count} CAs in {clock.Elapsed.TotalSeconds:0}s");
        Assert.That(failures, Is.Empty, $"failed requests out of {requests}");
        Assert.That(servingSerials, Has.Count.GreaterThanOrEqualTo(3), "the serving certificate was not rotated twice");
        Assert.That(caSerials, Has.Count.GreaterThanOrEqualTo(2), "the CA was not rotated");
    }

    private static void Observe(HashSet<string> serials, string secret, string key)
    {
        using var certificate = Certificate(secret, key);
        if (certificate is not null)
        {
            serials.Add(certificate.SerialNumber);
        }
    }

    private static X509Certificate2? Certificate(string secret, string key)
    {
        var data = EndToEndSandbox.Current.StandIn.State.Get<V1Secret>(Sandbox.OperatorNamespace, secret)?.Data;
        return data is not null && data.TryGetValue(key, out var pem) ? X509Certificate2.CreateFromPem(System.Text.Encoding.UTF8.GetString(pem)) : null;
    }
}
