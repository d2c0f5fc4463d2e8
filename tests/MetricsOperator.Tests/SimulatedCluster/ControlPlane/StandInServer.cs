using System.Net;
using MetricsOperator.KubeletFarm;
using MetricsOperator.SimulatedCluster.ControlPlane;
using MetricsOperator.SimulatedCluster.Security;
using MetricsOperator.Tests.Fixtures;
using StandIn = MetricsOperator.SimulatedCluster.ControlPlane.ControlPlane;

namespace MetricsOperator.Tests.SimulatedCluster.ControlPlane;

/// <summary>A running stand-in for tests: token "unused" (KubectlRunner's) is an admin, token "nobody" is denied everything.</summary>
internal sealed class StandInServer : IAsyncDisposable
{
    private readonly TestCertificateAuthority _authority;
    private readonly DirectoryInfo _directory;

    private StandInServer(TestCertificateAuthority authority, StandIn plane, ControlPlaneServer server, DirectoryInfo directory, DenyListAuthorizerDouble authorizer)
    {
        _authority = authority;
        Plane = plane;
        Server = server;
        _directory = directory;
        Authorizer = authorizer;
        CaPath = authority.WriteCaBundle(directory.FullName);
    }

    public StandIn Plane { get; }

    public ControlPlaneServer Server { get; }

    public DenyListAuthorizerDouble Authorizer { get; }

    public string CaPath { get; }

    /// <summary>An HTTP client trusting the stand-in's CA, authenticated as the admin.</summary>
    public HttpClient CreateClient()
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && _authority.IsValidServerCertificate(certificate),
        };
        var client = new HttpClient(handler) { BaseAddress = Server.Url };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "unused");
        return client;
    }

    public string Url => Server.Url.ToString().TrimEnd('/');

    public static async Task<StandInServer> StartAsync(TimeSpan? bookmarkInterval = null, int watchWindow = 4096)
    {
        var authority = TestCertificateAuthority.Create("stand-in-test-ca");
        var plane = new StandIn(TimeProvider.System, watchWindow);
        var authenticator = new TokenAuthenticatorDouble(new()
        {
            ["unused"] = new UserIdentity("admin", ["system:masters", "system:authenticated"]),
            ["nobody"] = new UserIdentity("nobody", ["system:authenticated"]),
        });
        var authorizer = new DenyListAuthorizerDouble("nobody");
        var options = new ControlPlaneOptions
        {
            ServingCertificate = authority.IssueServerCertificate("stand-in", [IPAddress.Loopback], ["localhost"]),
            BookmarkInterval = bookmarkInterval ?? TimeSpan.FromSeconds(30),
        };
        var server = await ControlPlaneServer.StartAsync(options, stopping =>
            plane.CreatePipeline(authenticator, authorizer, proxy: null, reviews: [], remoteDiscovery: null, remoteOpenApi: null, extraAdmission: [], options.BookmarkInterval, stopping));
        return new StandInServer(authority, plane, server, Directory.CreateTempSubdirectory("stand-in-"), authorizer);
    }

    /// <summary>Runs kubectl.<paramref name="version"/> against the stand-in, trusting its CA.</summary>
    public Task<(int ExitCode, string Output, string Error)> KubectlAsync(string version, params string[] arguments) =>
        KubectlRunner.RunAsync(version, Url, ["--certificate-authority", CaPath, .. arguments]);

    /// <summary>Writes a manifest file for <c>kubectl apply -f</c>.</summary>
    public string Manifest(string name, string yaml)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Plane.Dispose();
        _authority.Dispose();
        _directory.Delete(recursive: true);
    }
}
