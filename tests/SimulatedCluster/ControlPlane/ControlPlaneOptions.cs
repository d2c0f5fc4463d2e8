using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace MetricsOperator.SimulatedCluster.ControlPlane;

/// <summary>Where and how the stand-in listens. Validated when the server starts.</summary>
internal sealed class ControlPlaneOptions
{
    /// <summary>A loopback address (127.x.y.z).</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>0 picks an ephemeral port.</summary>
    public int Port { get; init; }

    /// <summary>The serving certificate with its private key; its SANs must cover <see cref="Address"/>.</summary>
    public required X509Certificate2 ServingCertificate { get; init; }

    /// <summary>How long an idle watch waits before sending a BOOKMARK (when the client allows them).</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many recent changes watches can resume from before 410 Gone.</summary>
    public int WatchWindow { get; init; } = 4096;

    public void Validate()
    {
        if (!IPAddress.IsLoopback(Address))
        {
            throw new ArgumentException($"the control plane listens on loopback only, not {Address}");
        }

        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"port {Port} is out of range");
        }

        if (!ServingCertificate.HasPrivateKey)
        {
            throw new ArgumentException("the serving certificate has no private key");
        }

        if (BookmarkInterval <= TimeSpan.Zero || WatchWindow < 1)
        {
            throw new ArgumentException("the bookmark interval and the watch window must be positive");
        }
    }
}
