using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Scraping;

internal sealed class ConnectRoundHeapCompactorTests
{
    [Test]
    public void Compacts_once_after_the_first_round_that_reached_a_kubelet()
    {
        var compactor = new ConnectRoundHeapCompactor();
        compactor.TransportRebuilt();
        var fullCollections = GC.CollectionCount(GC.MaxGeneration);

        var results = new[] { compactor.AfterRound(scraped: 0), compactor.AfterRound(scraped: 3), compactor.AfterRound(scraped: 3) };

        Assert.Multiple(() =>
        {
            Assert.That(results, Is.EqualTo(new[] { false, true, false }));
            Assert.That(GC.CollectionCount(GC.MaxGeneration), Is.GreaterThan(fullCollections));
        });
    }

    [Test]
    public void Compacts_again_after_the_transport_is_rebuilt_and_never_before_a_first_transport()
    {
        var compactor = new ConnectRoundHeapCompactor();
        var beforeAnyTransport = compactor.AfterRound(scraped: 5);
        compactor.TransportRebuilt();
        var first = compactor.AfterRound(scraped: 5);
        compactor.TransportRebuilt();
        var afterRebuild = compactor.AfterRound(scraped: 5);

        Assert.That(new[] { beforeAnyTransport, first, afterRebuild }, Is.EqualTo(new[] { false, true, true }));
    }
}
