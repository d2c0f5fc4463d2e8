using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using MetricsOperator.Serving.Authentication;
using MetricsOperator.Serving.Authorization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Time.Testing;

namespace MetricsOperator.Tests.Serving.Authentication.Testing;

/// <summary>
/// A real Kestrel HTTPS server on 127.0.0.1 (port 0, HTTP/1.1 and HTTP/2) with the authentication middleware (and,
/// when a reviewer is given, the authorization middleware) in front of an endpoint that echoes the caller it sees,
/// as JSON (<see cref="EchoedCaller"/>), together with any identity headers that got through.
/// </summary>
internal sealed class AccessControlTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AccessControlTestServer(WebApplication app, TestPki pki, TestAuthenticationConfigSource configSource, FakeTokenReviewer tokens, FakeTimeProvider time)
    {
        _app = app;
        Pki = pki;
        ConfigSource = configSource;
        Tokens = tokens;
        Time = time;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address);
    }

    public TestPki Pki { get; }

    public TestAuthenticationConfigSource ConfigSource { get; }

    public FakeTokenReviewer Tokens { get; }

    public FakeTimeProvider Time { get; }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts a server trusting <paramref name="pki"/>'s client and front-proxy CAs (allowed name front-proxy-client).
    /// <paramref name="reviewer"/> adds authorization; <paramref name="useHandshakeCallback"/> configures TLS through a
    /// handshake callback (as a certificate selector would) instead of <c>HttpsConnectionAdapterOptions</c>.
    /// </summary>
    public static async Task<AccessControlTestServer> StartAsync(
        TestPki pki,
        KubernetesAuthenticationOptions? authentication = null,
        ISubjectAccessReviewer? reviewer = null,
        KubernetesAuthorizationOptions? authorization = null,
        bool useHandshakeCallback = false)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var configSource = new TestAuthenticationConfigSource(pki.Config());
        var tokens = new FakeTokenReviewer();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "access-control-tests" });
        builder.Services.AddLogging();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IAuthenticationConfigSource>(configSource);
        builder.Services.AddSingleton<ITokenReviewer>(tokens);
        builder.Services.AddKubernetesAuthentication(authentication ?? new KubernetesAuthenticationOptions());
        if (reviewer is not null)
        {
            builder.Services.AddSingleton(reviewer);
            builder.Services.AddKubernetesAuthorization(authorization ?? new KubernetesAuthorizationOptions());
        }

        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            if (useHandshakeCallback)
            {
                var tls = new SslServerAuthenticationOptions
                {
                    ServerCertificate = pki.ServerCertificate,
                    ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
                }.UseKubernetesClientCertificates(kestrel.ApplicationServices);
                listen.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = _ => ValueTask.FromResult(tls) });
            }
            else
            {
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = pki.ServerCertificate;
                    https.UseKubernetesClientCertificates(kestrel.ApplicationServices);
                });
            }
        }));

        var app = builder.Build();
        app.UseKubernetesAuthentication();
        if (reviewer is not null)
        {
            app.UseKubernetesAuthorization();
        }

        app.Run(EchoAsync);
        await app.StartAsync();
        return new AccessControlTestServer(app, pki, configSource, tokens, time);
    }

    /// <summary>A client trusting the serving CA, presenting <paramref name="certificate"/>, speaking exactly <paramref name="version"/>.</summary>
    public HttpClient Client(X509Certificate2? certificate = null, Version? version = null)
    {
        var handler = new SocketsHttpHandler();
        Pki.ServerAuthority.TrustFrom(handler.SslOptions);
        if (certificate is not null)
        {
            handler.SslOptions.ClientCertificates = [certificate];
        }

        return new HttpClient(handler)
        {
            BaseAddress = BaseAddress,
            DefaultRequestVersion = version ?? HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static Task EchoAsync(HttpContext context)
    {
        var feature = context.Features.Get<KubernetesUserFeature>();
        var identityHeaders = context.Request.Headers.Keys
            .Where(name => name.StartsWith("X-Remote-", StringComparison.OrdinalIgnoreCase) || name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            .ToArray();
        var echoed = new EchoedCaller(
            feature?.User.Name,
            feature?.User.Uid,
            [.. feature?.User.Groups ?? []],
            feature?.User.Extra.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray()) ?? [],
            feature?.Method.ToString(),
            identityHeaders,
            context.Request.Protocol);
        var body = JsonSerializer.SerializeToUtf8Bytes(echoed);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length; // not chunked, so RawHttpsRequest can read it plainly
        return context.Response.Body.WriteAsync(body).AsTask();
    }
}

/// <summary>What the endpoint behind the middlewares saw.</summary>
internal sealed record EchoedCaller(
    string? User,
    string? Uid,
    string[] Groups,
    Dictionary<string, string[]> Extra,
    string? Method,
    string[] IdentityHeaders,
    string Protocol);
