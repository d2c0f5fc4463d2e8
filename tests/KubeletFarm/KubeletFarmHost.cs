using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricsOperator.KubeletFarm;

/// <summary>
/// N simulated kubelets served in-process by one Kestrel server, each on its own loopback address with its own
/// serving certificate. Start with <see cref="StartAsync"/>; dispose to stop (hanging requests are released first).
/// </summary>
internal sealed class KubeletFarmHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly NodeTlsOptions[] _tls;
    private readonly X509Certificate2[] _issuedCertificates;
    private readonly bool _ownsAuthority;
    private readonly Dictionary<string, SimulatedNode> _byName;
    private int _disposed;

    private KubeletFarmHost(
        KubeletFarmOptions options,
        SimulatedNode[] nodes,
        TestCertificateAuthority authority,
        bool ownsAuthority,
        NodeTlsOptions[] tls,
        WebApplication app,
        CancellationTokenSource stopping)
    {
        Options = options;
        Nodes = nodes;
        CertificateAuthority = authority;
        _ownsAuthority = ownsAuthority;
        _tls = tls;
        _issuedCertificates = tls.Select(t => t.Certificate).ToArray();
        _app = app;
        _stopping = stopping;
        _byName = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
    }

    public KubeletFarmOptions Options { get; }

    public IReadOnlyList<SimulatedNode> Nodes { get; }

    /// <summary>The CA that issued the serving certificates: what a scraper must trust.</summary>
    public TestCertificateAuthority CertificateAuthority { get; }

    public string Scheme => Options.UseTls ? "https" : "http";

    /// <summary>Time from the start call until every listener was bound.</summary>
    public TimeSpan StartupDuration { get; private set; }

    public SimulatedNode this[string nodeName] =>
        _byName.TryGetValue(nodeName, out var node) ? node : throw new KeyNotFoundException($"no node named {nodeName} in this farm");

    public static async Task<KubeletFarmHost> StartAsync(KubeletFarmOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        OpenFileLimit.EnsureFor(options.NodeCount);
        var clock = Stopwatch.StartNew();
        var plan = new LoopbackAddressPlan(options.BaseAddress);
        var catalog = new WorkloadCatalog(options.Workload);
        var nodes = new SimulatedNode[options.NodeCount];
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i] = new SimulatedNode(options.NodeNamePrefix + i.ToString("D5", CultureInfo.InvariantCulture), plan.AddressOf(i), options.Port, catalog, i, options.TimeProvider);
        }

        var ownsAuthority = options.CertificateAuthority is null;
        var authority = options.CertificateAuthority ?? TestCertificateAuthority.Create();
        var tls = options.UseTls ? IssueServingCertificates(authority, nodes, options) : [];
        var stopping = new CancellationTokenSource();
        var listeners = new ListenOptions[nodes.Length];
        var app = BuildApplication(options, nodes, plan, tls, listeners, stopping.Token);
        var farm = new KubeletFarmHost(options, nodes, authority, ownsAuthority, tls, app, stopping);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await farm.DisposeAsync();
            throw;
        }

        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i].Port = listeners[i].IPEndPoint!.Port;
        }

        farm.StartupDuration = clock.Elapsed;
        var logger = options.LoggerFactory?.CreateLogger<KubeletFarmHost>() ?? NullLogger<KubeletFarmHost>.Instance;
        KubeletFarmLog.Started(logger, nodes.Length, options.BaseAddress, options.Port, farm.Scheme, clock.ElapsedMilliseconds);
        return farm;
    }

    public Uri MetricsUri(SimulatedNode node, string path = KubeletFarmOptions.ResourceMetricsPath)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new Uri($"{Scheme}://{node.Address}:{node.Port}{path}");
    }

    /// <summary>The serving certificate a node presents to new connections (with its private key).</summary>
    public X509Certificate2 ServingCertificateOf(SimulatedNode node) => TlsOf(node).Certificate;

    /// <summary>
    /// Makes a node present <paramref name="certificate"/> on new connections (kept-alive ones are unaffected), e.g. an
    /// expired one, one from another CA or one without the node's IP, or a rotated one. The caller keeps ownership.
    /// </summary>
    public void SetServingCertificate(SimulatedNode node, X509Certificate2 certificate) => TlsOf(node).Replace(certificate);

    /// <summary>A handler that trusts only this farm's CA, optionally presenting a client certificate.</summary>
    public SocketsHttpHandler CreateHandler(X509Certificate2? clientCertificate = null)
    {
        var handler = new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None };
        CertificateAuthority.TrustFrom(handler.SslOptions);
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        return handler;
    }

    /// <summary>An HttpClient trusting the farm's CA that sends the farm's bearer token (unless <paramref name="bearerToken"/> is empty).</summary>
    public HttpClient CreateHttpClient(string? bearerToken = null, X509Certificate2? clientCertificate = null)
    {
        var client = new HttpClient(CreateHandler(clientCertificate), disposeHandler: true);
        var token = bearerToken ?? Options.BearerToken;
        if (!string.IsNullOrEmpty(token))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        using (var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(stopTimeout.Token);
        }

        await _app.DisposeAsync();
        _stopping.Dispose();
        foreach (var certificate in _issuedCertificates)
        {
            certificate.Dispose();
        }

        if (_ownsAuthority)
        {
            CertificateAuthority.Dispose();
        }
    }

    private NodeTlsOptions TlsOf(SimulatedNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (!Options.UseTls)
        {
            throw new InvalidOperationException("the farm serves plain HTTP");
        }

        return (uint)node.Index < (uint)_tls.Length && ReferenceEquals(Nodes[node.Index], node)
            ? _tls[node.Index]
            : throw new ArgumentException($"node {node.Name} does not belong to this farm", nameof(node));
    }

    private static NodeTlsOptions[] IssueServingCertificates(TestCertificateAuthority authority, SimulatedNode[] nodes, KubeletFarmOptions options)
    {
        var tls = new NodeTlsOptions[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            var certificate = authority.IssueServerCertificate(nodes[i].Name, [nodes[i].Address], [nodes[i].Name]);
            tls[i] = new NodeTlsOptions(certificate, options.ClientCertificateAuthority is not null, options.EnableHttp2, options.GoTls13CipherOrder);
        }

        return tls;
    }

    private static WebApplication BuildApplication(
        KubeletFarmOptions options,
        SimulatedNode[] nodes,
        LoopbackAddressPlan plan,
        NodeTlsOptions[] tls,
        ListenOptions[] listeners,
        CancellationToken stopping)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "kubelet-farm" });
        if (options.LoggerFactory is { } loggerFactory)
        {
            builder.Services.AddSingleton(loggerFactory);
        }

        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // The kubelet never closes idle connections; scrapers keep one per node between rounds.
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromHours(4);
            for (var i = 0; i < nodes.Length; i++)
            {
                var index = i;
                kestrel.Listen(nodes[i].Address, options.Port, listen =>
                {
                    listeners[index] = listen;
                    if (options.UseTls)
                    {
                        listen.Protocols = options.EnableHttp2 ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
                        listen.UseHttps(new TlsHandshakeCallbackOptions
                        {
                            OnConnection = static context => ValueTask.FromResult(((NodeTlsOptions)context.State!).ServerOptions),
                            OnConnectionState = tls[index],
                        });
                    }
                    else
                    {
                        listen.Protocols = HttpProtocols.Http1;
                    }
                });
            }
        });

        var app = builder.Build();
        var handler = new KubeletRequestHandler(nodes, plan, new KubeletAuthenticator(options), options, stopping);
        app.Run(handler.HandleAsync);
        return app;
    }
}
