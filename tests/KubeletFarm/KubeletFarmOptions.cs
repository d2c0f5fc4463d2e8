using System.Net;

namespace MetricsOperator.KubeletFarm;

/// <summary>How to build and serve a <see cref="KubeletFarmHost"/>. Validated when the farm starts.</summary>
internal sealed record KubeletFarmOptions
{
    public const int KubeletPort = 10250;
    public const string DefaultBearerToken = "kubelet-farm-token";
    public const string ResourceMetricsPath = "/metrics/resource";

    public int NodeCount { get; init; } = 3;

    /// <summary>Node i listens on <c>a.b.(c + i/250).(i%250 + 1)</c>; use a different /16 per concurrent farm (127.11.0.0, 127.12.0.0…).</summary>
    public IPAddress BaseAddress { get; init; } = IPAddress.Parse("127.10.0.0");

    /// <summary>The port every node listens on; 0 lets the OS pick one per node (read it back from <see cref="SimulatedNode.Port"/>).</summary>
    public int Port { get; init; } = KubeletPort;

    /// <summary>Node names are this prefix plus the zero-padded index (<c>farm-node-00000</c>).</summary>
    public string NodeNamePrefix { get; init; } = "farm-node-";

    public WorkloadShape Workload { get; init; } = new();

    public KubeletPayloadFormat PayloadFormat { get; init; } = KubeletPayloadFormat.Current;

    /// <summary>Drives counters, sample timestamps and fault delays. Certificates always use the real clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Serve HTTPS with a per-node certificate (IP SAN = the node's address); false serves plain HTTP/1.1.</summary>
    public bool UseTls { get; init; } = true;

    /// <summary>Offer HTTP/2 through ALPN next to HTTP/1.1 (TLS only), as the kubelet does.</summary>
    public bool EnableHttp2 { get; init; } = true;

    /// <summary>
    /// Pick the TLS 1.3 suite as a Go kubelet does, by the server's order (AES-128-GCM first), rather than the client's
    /// (a .NET client's first choice is AES-256-GCM). Off by default: with a cipher policy set, .NET's TLS server no
    /// longer resumes sessions, which a kubelet does and some tests need; the scrape benchmark, which keeps its
    /// connections alive, turns it on.
    /// </summary>
    public bool GoTls13CipherOrder { get; init; }

    /// <summary>Issues the serving certificates; null makes the farm create (and dispose) its own.</summary>
    public TestCertificateAuthority? CertificateAuthority { get; init; }

    /// <summary>The one token accepted when <see cref="TokenValidator"/> is null.</summary>
    public string BearerToken { get; init; } = DefaultBearerToken;

    /// <summary>Decides bearer tokens instead of <see cref="BearerToken"/> (e.g. a simulated TokenReview).</summary>
    public Func<string, CancellationToken, ValueTask<bool>>? TokenValidator { get; init; }

    /// <summary>Serve without any authentication.</summary>
    public bool AllowAnonymous { get; init; }

    /// <summary>Also accept requests presenting a valid client certificate (clientAuth) from this CA.</summary>
    public TestCertificateAuthority? ClientCertificateAuthority { get; init; }

    /// <summary>Paths answered with the resource metrics; anything else is 404.</summary>
    public IReadOnlyList<string> MetricsPaths { get; init; } = [ResourceMetricsPath];

    /// <summary>
    /// Always send Content-Length. Off by default to behave like Go's net/http, which sends Content-Length only for
    /// bodies under 2 KiB and chunks anything larger (so real kubelet responses are chunked).
    /// </summary>
    public bool AlwaysSendContentLength { get; init; }

    /// <summary>Receives Kestrel's and the farm's logs; null discards them.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Every problem with these options, each naming the property; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>(Workload?.Validate() ?? ["Workload must be set"]);
        if (NodeCount < 0)
        {
            errors.Add($"{nameof(NodeCount)} {NodeCount} must not be negative");
        }

        try
        {
            var plan = new LoopbackAddressPlan(BaseAddress);
            if (NodeCount > plan.Capacity)
            {
                errors.Add($"{nameof(NodeCount)} {NodeCount} does not fit after {nameof(BaseAddress)} {BaseAddress} (room for {plan.Capacity})");
            }
        }
        catch (ArgumentException e)
        {
            errors.Add($"{nameof(BaseAddress)}: {e.Message}");
        }

        if (Port is < 0 or > IPEndPoint.MaxPort)
        {
            errors.Add($"{nameof(Port)} {Port} is outside 0-{IPEndPoint.MaxPort}");
        }

        if (string.IsNullOrEmpty(NodeNamePrefix))
        {
            errors.Add($"{nameof(NodeNamePrefix)} must not be empty");
        }

        if (!AllowAnonymous && TokenValidator is null && string.IsNullOrEmpty(BearerToken))
        {
            errors.Add($"{nameof(BearerToken)} must be set unless {nameof(TokenValidator)} or {nameof(AllowAnonymous)} is");
        }

        if (ClientCertificateAuthority is not null && !UseTls)
        {
            errors.Add($"{nameof(ClientCertificateAuthority)} needs {nameof(UseTls)}");
        }

        if (MetricsPaths is null || MetricsPaths.Count == 0 || MetricsPaths.Any(p => string.IsNullOrEmpty(p) || p[0] != '/'))
        {
            errors.Add($"{nameof(MetricsPaths)} must list at least one path, each starting with '/'");
        }

        if (TimeProvider is null || PayloadFormat is null)
        {
            errors.Add($"{nameof(TimeProvider)} and {nameof(PayloadFormat)} must be set");
        }

        return errors;
    }

    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid kubelet farm options: " + string.Join("; ", errors));
        }
    }
}
