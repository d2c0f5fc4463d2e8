using System.Net;
using k8s;
using MetricsOperator.Hosting;
using MetricsOperator.Kubernetes.LeaderElection;
using MetricsOperator.Scraping;
using MetricsOperator.Serving.Health;
using MetricsOperator.Serving.Tls;
using Microsoft.Extensions.Options;

namespace MetricsOperator.Tests.Hosting;

/// <summary>What the process flags turn into in the composed host (built, not started: nothing is contacted).</summary>
public sealed class OperatorHostBuilderTests
{
    private static readonly KubernetesClientConfiguration Unreachable = new() { Host = "https://127.0.0.1:1", AccessToken = "unused" };

    private static ProcessOptions Options(bool development = false) => new()
    {
        Namespace = "ops",
        PodName = "metrics-operator-1",
        BindAddress = IPAddress.Loopback,
        SecurePort = 0,
        ServiceName = "metrics",
        ClusterDomain = "corp.example",
        LeaseName = "mo-leader",
        LeaseDuration = TimeSpan.FromSeconds(20),
        LeaseRenewDeadline = TimeSpan.FromSeconds(12),
        LeaseRetryPeriod = TimeSpan.FromSeconds(3),
        ShutdownTimeout = TimeSpan.FromSeconds(7),
        DevelopmentMode = development,
    };

    [Test]
    public async Task The_flags_reach_the_lease_the_shutdown_timeout_and_the_serving_certificate()
    {
        await using var host = OperatorHostBuilder.Build(Options(), Unreachable, inCluster: false);

        var lease = host.Services.GetRequiredService<LeaderElectionOptions>();
        Assert.That((lease.LeaseName, lease.LeaseNamespace, lease.Identity), Is.EqualTo(("mo-leader", "ops", "metrics-operator-1")));
        Assert.That((lease.LeaseDuration, lease.RenewDeadline, lease.RetryPeriod), Is.EqualTo((TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(3))));
        Assert.That(host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout, Is.EqualTo(TimeSpan.FromSeconds(7)));
        var certificate = host.Services.GetRequiredService<ServingCertificateOptions>();
        Assert.That(certificate.Mode, Is.EqualTo(ServingCertificateMode.Secret));
        Assert.That(certificate.DnsNames, Does.Contain("metrics.ops.svc.corp.example"));
    }

    [Test]
    public async Task Served_requests_are_not_logged_but_the_operators_own_information_is()
    {
        await using var host = OperatorHostBuilder.Build(Options(), Unreachable, inCluster: false);
        var loggers = host.Services.GetRequiredService<ILoggerFactory>();

        Assert.Multiple(() =>
        {
            // ASP.NET Core logs every request's start and end at Information (hosting) and each endpoint run (routing).
            Assert.That(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information), Is.False);
            Assert.That(loggers.CreateLogger("Microsoft.AspNetCore.Routing.EndpointMiddleware").IsEnabled(LogLevel.Information), Is.False);
            Assert.That(loggers.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").IsEnabled(LogLevel.Warning), Is.True);
            Assert.That(loggers.CreateLogger("MetricsOperator.Scraping.ScrapeLoop").IsEnabled(LogLevel.Information), Is.True);
        });
    }

    [Test]
    public async Task Until_a_MetricsBackend_is_followed_nothing_is_scraped_and_the_backend_is_inactive()
    {
        await using var host = OperatorHostBuilder.Build(Options(), Unreachable, inCluster: false);

        Assert.That(host.Services.GetRequiredService<ScrapeSettingsSource>().IsEnabled, Is.False);
        Assert.That(host.Services.GetRequiredService<IBackendActivity>().IsActive, Is.False);
    }

    [TestCase(false, false)]
    [TestCase(true, true)]
    public async Task Only_the_development_mode_lets_the_scraper_take_a_one_second_resolution(bool development, bool accepted)
    {
        await using var host = OperatorHostBuilder.Build(Options(development), Unreachable, inCluster: false);
        var settings = host.Services.GetRequiredService<ScrapeSettingsSource>();

        var update = () => settings.Update(new ScrapeSettings { Resolution = TimeSpan.FromSeconds(1) });

        if (accepted)
        {
            Assert.That(update, Throws.Nothing);
        }
        else
        {
            Assert.That(update, Throws.ArgumentException.With.Message.Contains("below the minimum of 10s"));
        }
    }
}
