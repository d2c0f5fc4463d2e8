using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MetricsOperator.Tests.Serving.Diagnostics;

/// <summary>A real Kestrel app on 127.0.0.1 and a free port, for endpoint tests.</summary>
internal sealed class LoopbackWebApp : IAsyncDisposable
{
    private LoopbackWebApp(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public IServiceProvider Services => App.Services;

    /// <param name="listen">Configures the loopback listener (e.g. HTTPS); plain HTTP when null.</param>
    public static async Task<LoopbackWebApp> StartAsync(
        Action<IServiceCollection> services, Action<WebApplication> pipeline, Action<ListenOptions>? listen = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, options => listen?.Invoke(options)));
        services(builder.Services);
        var app = builder.Build();
        pipeline(app);
        await app.StartAsync().ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new LoopbackWebApp(app, new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
    }
}
