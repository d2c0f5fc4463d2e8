using System.Net;
using MetricsOperator.Scraping;

namespace MetricsOperator.Tests.Scraping;

internal sealed class KubeletHostNameTests
{
    [TestCase("node-a", "10.0.0.7", "node-a.ip-0a000007.invalid")]
    [TestCase("ip-10-0-0-7.ec2.internal", "10.0.0.7", "ip-10-0-0-7.ec2.internal.ip-0a000007.invalid")]
    [TestCase("node-a", "fd00::1", "node-a.ip-fd000000000000000000000000000001.invalid")]
    public void Names_the_node_and_encodes_its_address(string node, string address, string expected)
    {
        var created = KubeletHostName.TryCreate(node, IPAddress.Parse(address), out var host);

        Assert.That((created, host), Is.EqualTo((true, expected)));
        Assert.That(KubeletHostName.TryParse(host, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(IPAddress.Parse(address)));
    }

    [TestCase("Node-A", "10.0.0.7", TestName = "Not a lowercase DNS-1123 subdomain")]
    [TestCase("node_a", "10.0.0.7", TestName = "An underscore")]
    [TestCase("-node", "10.0.0.7", TestName = "A label starting with a dash")]
    [TestCase("node..a", "10.0.0.7", TestName = "An empty label")]
    [TestCase("node-a", "fe80::1%2", TestName = "An IPv6 address with a zone")]
    public void Refuses_what_cannot_be_written_as_such_a_name(string node, string address)
    {
        Assert.That(KubeletHostName.TryCreate(node, IPAddress.Parse(address), out _), Is.False);
    }

    [Test]
    public void Refuses_a_node_name_that_would_make_the_name_longer_than_DNS_allows()
    {
        var longest = string.Join('.', Enumerable.Repeat(new string('a', 61), 4)); // 247 characters, a valid node name

        Assert.That(KubeletHostName.TryCreate(longest, IPAddress.Parse("10.0.0.7"), out _), Is.False);
    }

    [TestCase("10.0.0.7")]
    [TestCase("node-a.example.com")]
    [TestCase("ip-0a000007.invalid")]
    [TestCase("node-a.ip-0a0000.invalid")]
    [TestCase("node-a.ip-zz000007.invalid")]
    [TestCase("node-a.0a000007.invalid")]
    public void Other_hosts_encode_no_address(string host)
    {
        Assert.That(KubeletHostName.TryParse(host, out _), Is.False);
    }
}
