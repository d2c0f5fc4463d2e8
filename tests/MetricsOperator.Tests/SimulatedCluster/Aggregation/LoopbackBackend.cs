using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using MetricsOperator.KubeletFarm;
using MetricsOperator.Serving.Discovery;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace MetricsOperator.Tests.SimulatedCluster.Aggregation;

/// <summary>
/// An HTTPS extension API server on 127.0.0.1 with its own CA and a serving certificate for
/// <c>metrics-operator.monitoring.svc</c>. It serves the operator's discovery document for metrics.k8s.io/v1beta1
/// and its OpenAPI v3 index and document, and echoes what it received under the group version.
/// </summary>
internal sealed class LoopbackBackend : IAsyncDisposable
{
    public const string ServerName = "metrics-operator.monitoring.svc";

    private readonly WebApplication _app;
    private readonly StrongBox<int> _discoveryStatus;

    private LoopbackBackend(WebApplication app, StrongBox<int> discoveryStatus, TestCertificateAuthority ca, int port, OpenApiDocuments openApi)
    {
        _app = app;
        _discoveryStatus = discoveryStatus;
        Ca = ca;
        Port = port;
        OpenApi = openApi;
    }

    public TestCertificateAuthority Ca { get; }

    /// <summary>The operator's own OpenAPI documents, which the backend serves at <c>/openapi/v3</c>.</summary>
    public OpenApiDocuments OpenApi { get; }

    public int Port { get; }

    /// <summary>Status code of the discovery document; tests set it to make the discovery check fail.</summary>
    public int DiscoveryStatus
    {
        get => _discoveryStatus.Value;
        set => _discoveryStatus.Value = value;
    }

    public static async Task<LoopbackBackend> StartAsync()
    {
        var ca = TestCertificateAuthority.Create("backend-ca", shareLeafKey: false);
        var certificate = ca.IssueServerCertificate("metrics-operator", [IPAddress.Loopback], [ServerName]);
        var discoveryStatus = new StrongBox<int>(200);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = certificate;
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.AllowAnyClientCertificate();
        })));
        var app = builder.Build();
        var version = ServerVersionInfo.FromAssembly(typeof(OpenApiDocuments).Assembly);
        var discovery = DiscoveryDocuments.Create(version);
        var openApi = OpenApiDocuments.Create(version);
        app.MapGet("/openapi/v3", (HttpContext c) => openApi.V3Index.WriteAsync(c));
        app.MapGet(OpenApiDocuments.V3GroupVersionPath, (HttpContext c) => openApi.V3GroupVersion.WriteAsync(c, "no-cache, private"));
        app.MapGet("/apis/metrics.k8s.io/v1beta1", (HttpContext c) =>
        {
            c.Response.StatusCode = discoveryStatus.Value;
            return c.Response.Body.WriteAsync(discovery.ResourceList.Body, c.RequestAborted).AsTask();
        });
        app.Map("/apis/metrics.k8s.io/v1beta1/{**rest}", async (HttpContext c) =>
        {
            using var reader = new StreamReader(c.Request.Body);
            var body = await reader.ReadToEndAsync(c.RequestAborted);
            var echo = new Echo(
                c.Request.Method,
                c.Request.Path + c.Request.QueryString,
                c.Request.Headers["X-Remote-User"].ToArray(),
                c.Request.Headers["X-Remote-Group"].ToArray(),
                c.Request.Headers["X-Remote-Extra-Scopes"].ToArray(),
                c.Request.Headers.Authorization.ToArray(),
                c.Request.Headers.Accept.ToString(),
                c.Request.ContentType,
                c.Connection.ClientCertificate?.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false),
                body);
            c.Response.ContentType = "application/json";
            c.Response.Headers["X-Backend"] = "loopback";
            await c.Response.WriteAsync(JsonSerializer.Serialize(echo), c.RequestAborted);
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new LoopbackBackend(app, discoveryStatus, ca, address.Port, openApi);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Ca.Dispose();
    }

    /// <summary>What the backend saw.</summary>
    internal sealed record Echo(string Method, string Path, string?[] Users, string?[] Groups, string?[] Extra, string?[] Authorization, string Accept, string? ContentType, string? ClientCertificate, string Body);
}
