using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Scraping;

public sealed class KubeletTransportSettingsTests
{
    // SocketsHttpHandler visits every pooled connection once per quarter of its idle timeout.
    private const int ScavengesPerIdleTimeout = 4;

    [TestCase(10)]
    [TestCase(15)]
    [TestCase(60)]
    [TestCase(300)]
    public void Pooled_connections_outlive_a_round_and_are_visited_at_most_every_two_and_a_half_minutes(int resolutionSeconds)
    {
        var resolution = TimeSpan.FromSeconds(resolutionSeconds);

        var transport = KubeletTransportSettings.From(new ScrapeSettings { Resolution = resolution });

        Assert.Multiple(() =>
        {
            Assert.That(transport.PooledConnectionIdleTimeout / ScavengesPerIdleTimeout, Is.GreaterThanOrEqualTo(resolution), "at most one visit per round");
            Assert.That(transport.PooledConnectionIdleTimeout / ScavengesPerIdleTimeout, Is.GreaterThanOrEqualTo(TimeSpan.FromMinutes(2.5)), "visits of every idle connection are rare");
            Assert.That(
                transport.PooledConnectionIdleTimeout,
                Is.LessThanOrEqualTo(resolution * 10 > TimeSpan.FromMinutes(10) ? resolution * 10 : TimeSpan.FromMinutes(10)),
                "connections to removed nodes still close");
        });
    }

    [Test]
    public void The_handler_gets_the_idle_timeout_and_keeps_one_connection_per_kubelet_without_a_proxy()
    {
        var transport = KubeletTransportSettings.From(new ScrapeSettings { Resolution = TimeSpan.FromSeconds(15), InsecureSkipKubeletTlsVerify = true });

        var (handler, _) = KubeletHandlerFactory.Create(transport, KubeletCredentials.Anonymous);
        using (handler)
        {
            Assert.That(handler.PooledConnectionIdleTimeout, Is.EqualTo(transport.PooledConnectionIdleTimeout));
            Assert.That(handler.MaxConnectionsPerServer, Is.EqualTo(1));
            Assert.That(handler.UseProxy, Is.False);
        }
    }
}
