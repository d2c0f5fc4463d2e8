using MetricsOperator.SimulatedCluster.Security;

namespace MetricsOperator.Tests.SimulatedCluster.Aggregation;

/// <summary>One loopback backend with its own CA, and the stand-in's authorities, per fixture.</summary>
public abstract class LoopbackBackendFixture
{
    private protected LoopbackBackend Backend { get; private set; } = null!;

    private protected ClusterAuthorities Authorities { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartBackend()
    {
        Backend = await LoopbackBackend.StartAsync();
        Authorities = ClusterAuthorities.Create();
    }

    [OneTimeTearDown]
    public async Task StopBackend()
    {
        await Backend.DisposeAsync();
        Authorities.Dispose();
    }
}
