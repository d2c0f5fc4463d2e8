using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Scraping;

public sealed class KubeletTransportSettingsTests
{
    // The connection pool sweeps its idle connections at most once per quarter of its idle timeout.
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
}
