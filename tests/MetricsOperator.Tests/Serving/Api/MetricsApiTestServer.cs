using MetricsOperator.Serving.Api;
using Microsoft.AspNetCore.TestHost;

namespace MetricsOperator.Tests.Serving.Api;

/// <summary>The metrics API as the integrator composes it (AddMetricsApi + MapMetricsApi), in memory on a TestServer.</summary>
internal sealed class MetricsApiTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MetricsApiTestServer(WebApplication app)
    {
        _app = app;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<MetricsApiTestServer> StartAsync(
        TestCluster cluster, bool includeSwap = false, Action<IServiceCollection>? configure = null, Action<WebApplication>? map = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(cluster.Clock);
        builder.Services.AddSingleton(cluster.Store);
        builder.Services.AddSingleton(cluster.Pods);
        builder.Services.AddSingleton<INodeDirectory>(cluster.NodeDirectory);
        configure?.Invoke(builder.Services);
        builder.Services.AddMetricsApi(options => options.IncludeSwap = includeSwap);
        var app = builder.Build();
        app.MapMetricsApi();
        map?.Invoke(app);
        await app.StartAsync();
        return new MetricsApiTestServer(app);
    }

    public async Task<HttpResponseMessage> GetAsync(string path, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
