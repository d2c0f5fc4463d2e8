using System.Collections.Concurrent;
using System.Net;
using MetricsOperator.KubeletFarm;

namespace MetricsOperator.Tests.KubeletFarm;

/// <summary>Farms built with non-default options; each test starts (and stops) its own small farm on 127.12.x.y.</summary>
[TestFixture]
internal sealed class KubeletFarmConfigurationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Test]
    public async Task A_token_validator_decides_which_tokens_pass()
    {
        var seen = new ConcurrentQueue<string>();
        await using var farm = await KubeletFarmHost.StartAsync(new KubeletFarmOptions
        {
            NodeCount = 1,
            BaseAddress = IPAddress.Parse("127.12.0.0"),
            Port = 0,
            Workload = new WorkloadShape { PodsPerNode = 1 },
            TokenValidator = (token, _) =>
            {
                seen.Enqueue(token);
                return ValueTask.FromResult(token.StartsWith("reviewed-", StringComparison.Ordinal));
            },
        });
        using var accepted = farm.CreateHttpClient(bearerToken: "reviewed-operator");
        using var refused = farm.CreateHttpClient(bearerToken: "unknown");

        using var ok = await accepted.GetAsync(farm.MetricsUri(farm.Nodes[0]));
        using var denied = await refused.GetAsync(farm.MetricsUri(farm.Nodes[0]));

        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(denied.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(seen, Is.EqualTo(new[] { "reviewed-operator", "unknown" }));
    }

    [Test]
    public async Task Plain_http_and_anonymous_access_can_be_chosen()
    {
        await using var farm = await KubeletFarmHost.StartAsync(new KubeletFarmOptions
        {
            NodeCount = 2,
            BaseAddress = IPAddress.Parse("127.12.1.0"),
            Port = 0,
            UseTls = false,
            AllowAnonymous = true,
            AlwaysSendContentLength = true,
            Workload = new WorkloadShape { PodsPerNode = 2 },
        });
        using var client = new HttpClient();

        using var response = await client.GetAsync(farm.MetricsUri(farm.Nodes[1]));

        Assert.That(farm.MetricsUri(farm.Nodes[1]).Scheme, Is.EqualTo("http"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentLength, Is.EqualTo((await response.Content.ReadAsByteArrayAsync()).Length));
    }

    [Test]
    public async Task Nodes_listen_on_the_kubelet_port_by_default()
    {
        await using var farm = await KubeletFarmHost.StartAsync(new KubeletFarmOptions
        {
            NodeCount = 2,
            BaseAddress = IPAddress.Parse("127.12.200.0"),
            Workload = new WorkloadShape { PodsPerNode = 1 },
        });
        using var client = farm.CreateHttpClient();

        using var response = await client.GetAsync(farm.MetricsUri(farm.Nodes[1]));

        Assert.That(farm.Nodes.Select(n => n.Port), Is.All.EqualTo(10250));
        Assert.That(farm.Nodes[1].ToV1Node().Status.DaemonEndpoints.KubeletEndpoint.Port, Is.EqualTo(10250));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_second_farm_on_the_same_addresses_and_port_fails_clearly()
    {
        var options = new KubeletFarmOptions
        {
            NodeCount = 1,
            BaseAddress = IPAddress.Parse("127.12.201.0"),
            Workload = new WorkloadShape { PodsPerNode = 1 },
        };
        await using var first = await KubeletFarmHost.StartAsync(options);

        Assert.That(async () => await KubeletFarmHost.StartAsync(options), Throws.InstanceOf<IOException>().With.Message.Contains("127.12.201.1:10250"));
    }

    [Test]
    public async Task Hundreds_of_nodes_get_one_address_each_across_address_blocks()
    {
        await using var farm = await KubeletFarmHost.StartAsync(new KubeletFarmOptions
        {
            NodeCount = 260,
            BaseAddress = IPAddress.Parse("127.12.10.0"),
            Port = 0,
            Workload = new WorkloadShape { PodsPerNode = 1, ContainersPerPod = 1 },
        });
        using var client = farm.CreateHttpClient();

        Assert.That(farm.Nodes[249].Address.ToString(), Is.EqualTo("127.12.10.250"));
        Assert.That(farm.Nodes[250].Address.ToString(), Is.EqualTo("127.12.11.1"));
        Assert.That(farm.Nodes.Select(n => n.Address).Distinct().Count(), Is.EqualTo(260));
        foreach (var index in new[] { 0, 249, 250, 259 })
        {
            var node = farm.Nodes[index];
            var body = await client.GetStringAsync(farm.MetricsUri(node));
            Assert.That(body, Does.Contain(node.Pods[0].Name), $"node {index} answers with its own pods");
            Assert.That(node.RequestCount, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task A_node_can_be_made_to_present_a_bad_or_rotated_certificate()
    {
        await using var farm = await KubeletFarmHost.StartAsync(new KubeletFarmOptions
        {
            NodeCount = 2,
            BaseAddress = IPAddress.Parse("127.12.3.0"),
            Port = 0,
            Workload = new WorkloadShape { PodsPerNode = 1 },
        });
        var node = farm.Nodes[0];
        using var foreignAuthority = TestCertificateAuthority.Create("someone-else");
        using var foreign = foreignAuthority.IssueServerCertificate(node.Name, [node.Address]);
        using var expired = farm.CertificateAuthority.IssueServerCertificate(node.Name, [node.Address], validity: CertificateValidity.Expired(TimeProvider.System));
        using var wrongAddress = farm.CertificateAuthority.IssueServerCertificate(node.Name, [IPAddress.Parse("127.12.3.99")]);
        using var rotated = farm.CertificateAuthority.IssueServerCertificate(node.Name, [node.Address]);

        foreach (var bad in new[] { foreign, expired, wrongAddress })
        {
            farm.SetServingCertificate(node, bad);
            using var client = farm.CreateHttpClient();
            Assert.That(
                async () => await client.GetAsync(farm.MetricsUri(node)),
                Throws.TypeOf<HttpRequestException>().With.InnerException.TypeOf<System.Security.Authentication.AuthenticationException>(),
                bad.Subject + " " + bad.NotAfter);
        }

        farm.SetServingCertificate(node, rotated);
        using var fresh = farm.CreateHttpClient();
        using var response = await fresh.GetAsync(farm.MetricsUri(node));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(farm.ServingCertificateOf(node), Is.SameAs(rotated));
        Assert.That(farm.ServingCertificateOf(farm.Nodes[1]).MatchesHostname("127.12.3.2"), Is.True);
    }

    [Test]
    public async Task Stopping_the_farm_releases_requests_that_hang()
    {
        var farm = await KubeletFarmHost.StartAsync(new KubeletFarmOptions
        {
            NodeCount = 1,
            BaseAddress = IPAddress.Parse("127.12.2.0"),
            Port = 0,
            Workload = new WorkloadShape { PodsPerNode = 1 },
        });
        using var client = farm.CreateHttpClient();
        client.Timeout = Timeout.InfiniteTimeSpan;
        var node = farm.Nodes[0];
        node.Fault = KubeletFault.Hang;

        var pending = client.GetAsync(farm.MetricsUri(node));
        await WaitUntil(() => node.RequestCount == 1);
        await farm.DisposeAsync().AsTask().WaitAsync(Patience);

        Assert.That(async () => await pending.WaitAsync(Patience), Throws.InstanceOf<HttpRequestException>().Or.InstanceOf<IOException>());
    }

    [Test]
    public void Invalid_options_are_refused_with_every_reason()
    {
        var options = new KubeletFarmOptions
        {
            NodeCount = -1,
            BaseAddress = IPAddress.Parse("10.0.0.0"),
            Port = 70000,
            MetricsPaths = ["metrics"],
            BearerToken = string.Empty,
        };

        Assert.That(
            async () => await KubeletFarmHost.StartAsync(options),
            Throws.ArgumentException
                .With.Message.Contains("NodeCount")
                .And.Message.Contains("loopback")
                .And.Message.Contains("Port")
                .And.Message.Contains("MetricsPaths")
                .And.Message.Contains("BearerToken"));
    }

    [Test]
    public void A_farm_that_does_not_fit_its_address_block_is_refused()
    {
        var options = new KubeletFarmOptions { NodeCount = 300, BaseAddress = IPAddress.Parse("127.12.255.0") };

        Assert.That(options.Validate(), Has.Some.Contains("room for 250"));
    }

    [Test]
    public void The_open_file_limit_is_checked_against_the_farm_size()
    {
        Assert.That(OpenFileLimit.RequiredFor(5_000), Is.EqualTo(10_256));
        Assert.That(() => OpenFileLimit.EnsureFor(int.MaxValue / 4), Throws.InvalidOperationException.With.Message.Contains("ulimit -n"));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("condition not reached in time");
            }

            await Task.Delay(10);
        }
    }
}
