using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace MetricsOperator.SimulatedCluster.ControlPlane;

/// <summary>
/// The stand-in's HTTPS endpoint: Kestrel on a loopback address, HTTP/1.1 and HTTP/2, asking for (never requiring)
/// a client certificate, which the authenticator then checks against the cluster's client CA.
/// </summary>
internal sealed class ControlPlaneServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;

    private ControlPlaneServer(WebApplication app, CancellationTokenSource stopping, Uri url)
    {
        _app = app;
        _stopping = stopping;
        Url = url;
    }

    /// <summary>https://127.x.y.z:port</summary>
    public Uri Url { get; }

    /// <summary>Starts the server; <paramref name="pipeline"/> builds the request pipeline from the shutdown token.</summary>
    public static async Task<ControlPlaneServer> StartAsync(ControlPlaneOptions options, Func<CancellationToken, Rest.ApiPipeline> pipeline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var stopping = new CancellationTokenSource();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 4 * 1024 * 1024;
            kestrel.Listen(options.Address, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = options.ServingCertificate,
                    ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                    ClientCertificateValidation = (_, _, _) => true,
                });
            });
        });
        var app = builder.Build();
        var handler = pipeline(stopping.Token);
        app.Run(handler.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Urls.Select(u => new Uri(u)).First();
        var url = new UriBuilder("https", options.Address.ToString(), address.Port).Uri;
        return new ControlPlaneServer(app, stopping, url);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    /// <summary>The server's port, for kubeconfigs.</summary>
    public int Port => Url.Port;

    public IPAddress Address => IPAddress.Parse(Url.Host);
}
