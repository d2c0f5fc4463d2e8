using System.Text;
using k8s.Models;
using MetricsOperator.KubeletFarm;
using MetricsOperator.SimulatedCluster.Security;

namespace MetricsOperator.Tests.SimulatedCluster.Security;

[TestFixture]
public sealed class RequestAuthenticatorTests
{
    private static ClusterAuthorities _authorities = null!;

    private InMemoryClusterState _state = null!;
    private ServiceAccountTokens _tokens = null!;
    private RequestAuthenticator _authenticator = null!;

    [OneTimeSetUp]
    public static void CreateAuthorities() => _authorities = ClusterAuthorities.Create();

    [OneTimeTearDown]
    public static void DisposeAuthorities() => _authorities.Dispose();

    [SetUp]
    public void SetUp()
    {
        _state = new InMemoryClusterState();
        _tokens = new ServiceAccountTokens();
        _authenticator = new RequestAuthenticator(_authorities, new ServiceAccountTokenAuthenticator(_tokens, _state));
    }

    [Test]
    public async Task A_client_certificate_from_the_client_ca_names_the_user_and_groups()
    {
        using var certificate = _authorities.IssueClientCertificate("viewer", ["team-a", "team-b"]);

        var user = await _authenticator.AuthenticateAsync(Context(certificate));

        Assert.That(user?.Name, Is.EqualTo("viewer"));
        Assert.That(user!.Groups, Is.EqualTo(new[] { "team-a", "team-b", SystemGroups.Authenticated }));
    }

    [Test]
    public async Task A_certificate_from_another_ca_is_rejected()
    {
        using var rogue = TestCertificateAuthority.Create("rogue");
        using var certificate = rogue.IssueClientCertificate("admin", [SystemGroups.Masters]);

        Assert.That(await _authenticator.AuthenticateAsync(Context(certificate)), Is.Null);
    }

    [Test]
    public async Task The_front_proxy_certificate_carries_the_user_of_the_request_headers()
    {
        var context = Context(_authorities.FrontProxyClientCertificate);
        context.Request.Headers[RequestHeaderNames.User] = "alice";
        context.Request.Headers.Append(RequestHeaderNames.Group, "dev");
        context.Request.Headers.Append(RequestHeaderNames.Group, SystemGroups.Authenticated);

        var user = await _authenticator.AuthenticateAsync(context);

        Assert.That(user, Is.EqualTo(new UserIdentity("alice", user!.Groups)));
        Assert.That(user.Groups, Is.EqualTo(new[] { "dev", SystemGroups.Authenticated }));
    }

    [Test]
    public async Task Request_headers_beside_a_user_certificate_are_ignored()
    {
        using var certificate = _authorities.IssueClientCertificate("viewer");
        var context = Context(certificate);
        context.Request.Headers[RequestHeaderNames.User] = "root";

        Assert.That((await _authenticator.AuthenticateAsync(context))?.Name, Is.EqualTo("viewer"));
    }

    [Test]
    public async Task A_minted_service_account_token_authenticates_while_the_account_exists()
    {
        _state.Upsert(RbacObjects.ServiceAccountObject("monitoring", "operator"));
        var token = _tokens.Mint("monitoring", "operator");

        var user = await _authenticator.AuthenticateAsync(Bearer(token));

        Assert.That(user, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(user!.Name, Is.EqualTo("system:serviceaccount:monitoring:operator"));
            Assert.That(user.Groups, Is.EqualTo(new[] { "system:serviceaccounts", "system:serviceaccounts:monitoring", SystemGroups.Authenticated }));
            Assert.That(user.Uid, Is.EqualTo("uid-monitoring-operator"));
        });

        _state.Remove<V1ServiceAccount>("monitoring", "operator");
        Assert.That(await _authenticator.AuthenticateAsync(Bearer(token)), Is.Null);
    }

    [Test]
    public async Task A_token_secret_of_a_service_account_authenticates()
    {
        _state.Upsert(RbacObjects.ServiceAccountObject("team", "bot"));
        _state.Upsert(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "bot-token", NamespaceProperty = "team", Annotations = new Dictionary<string, string> { [ServiceAccountTokenAuthenticator.ServiceAccountNameAnnotation] = "bot" } },
            Type = ServiceAccountTokenAuthenticator.TokenSecretType,
            Data = new Dictionary<string, byte[]> { ["token"] = Encoding.UTF8.GetBytes("secret-token-value") },
        });

        Assert.That((await _authenticator.AuthenticateAsync(Bearer("secret-token-value")))?.Name, Is.EqualTo("system:serviceaccount:team:bot"));
    }

    [TestCase("Bearer unknown")]
    [TestCase("Basic dXNlcjpwYXNz")]
    [TestCase("Bearer ")]
    public async Task Invalid_credentials_are_null_so_the_caller_answers_401(string header)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = header;

        Assert.That(await _authenticator.AuthenticateAsync(context), Is.Null);
    }

    [Test]
    public async Task No_credentials_at_all_is_the_anonymous_user()
    {
        Assert.That(await _authenticator.AuthenticateAsync(new DefaultHttpContext()), Is.EqualTo(SystemGroups.Anonymous));
    }

    private static DefaultHttpContext Context(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        var context = new DefaultHttpContext();
        context.Connection.ClientCertificate = certificate;
        return context;
    }

    private static DefaultHttpContext Bearer(string token)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer " + token;
        return context;
    }
}
