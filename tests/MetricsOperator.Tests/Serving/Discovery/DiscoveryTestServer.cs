using MetricsOperator.Serving.Discovery;
using Microsoft.AspNetCore.TestHost;

namespace MetricsOperator.Tests.Serving.Discovery;

/// <summary>An in-memory server with only the discovery routes mapped, and a client for it.</summary>
internal sealed class DiscoveryTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DiscoveryTestServer(WebApplication app)
    {
        _app = app;
        Client = app.GetTestClient();
    }

    public static readonly ServerVersionInfo Version = ServerVersionInfo.FromVersionString("0.4.2-rc.1+0123abcd");

    public HttpClient Client { get; }

    public static async Task<DiscoveryTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        app.MapDiscovery(Version);
        await app.StartAsync();
        return new DiscoveryTestServer(app);
    }

    public async Task<HttpResponseMessage> GetAsync(string path, string? accept = null, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>The response as the server wrote it, before any client-side header parsing.</summary>
    public Task<HttpContext> SendRawAsync(string path, params string[] accept) =>
        _app.GetTestServer().SendAsync(context =>
        {
            context.Request.Method = HttpMethods.Get;
            context.Request.Path = path;
            context.Request.Headers.Accept = accept;
        });

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
