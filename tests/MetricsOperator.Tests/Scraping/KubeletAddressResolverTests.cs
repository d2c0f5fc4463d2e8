using MetricsOperator.Scraping;
using static MetricsOperator.Tests.Scraping.Nodes;

namespace MetricsOperator.Tests.Scraping;

public sealed class KubeletAddressResolverTests
{
    private static readonly ScrapeSettings Defaults = new();

    private static readonly (string, string)[] AllKinds =
    [
        ("Hostname", "node1.local"),
        ("ExternalIP", "203.0.113.7"),
        ("InternalIP", "10.0.0.7"),
        ("InternalDNS", "node1.internal"),
        ("ExternalDNS", "node1.example.com"),
    ];

    private static IEnumerable<TestCaseData> PreferenceCases()
    {
        yield return new TestCaseData("InternalIP,ExternalIP,Hostname", "10.0.0.7")
            .SetName("InternalIP first wins over the types listed after it");
        yield return new TestCaseData("Hostname,InternalIP", "node1.local")
            .SetName("Hostname first wins even though InternalIP is listed by the node");
        yield return new TestCaseData("ExternalDNS,InternalIP", "node1.example.com")
            .SetName("ExternalDNS first");
        yield return new TestCaseData("InternalDNS", "node1.internal")
            .SetName("InternalDNS only");
    }

    [TestCaseSource(nameof(PreferenceCases))]
    public void Takes_the_first_address_of_the_most_preferred_type(string preferred, string expectedHost)
    {
        var settings = Defaults with { PreferredAddressTypes = preferred.Split(',').Select(Enum.Parse<NodeAddressType>).ToList() };

        var resolved = KubeletAddressResolver.TryResolve(Node("node1", AllKinds), settings, out var target, out var error);

        Assert.That(resolved, Is.True, error);
        Assert.That(target!.Uri.Host, Is.EqualTo(expectedHost));
    }

    [Test]
    public void Within_a_type_the_first_listed_address_wins()
    {
        var node = Node("node1", [("InternalIP", "10.0.0.1"), ("InternalIP", "10.0.0.2")]);

        KubeletAddressResolver.TryResolve(node, Defaults, out var target, out _);

        Assert.That(target!.Uri.ToString(), Is.EqualTo("https://10.0.0.1:10250/metrics/resource"));
    }

    [Test]
    public void Falls_back_to_a_later_type_when_the_preferred_one_is_missing()
    {
        var node = Node("node1", [("Hostname", "node1"), ("ExternalIP", "203.0.113.9")]);

        KubeletAddressResolver.TryResolve(node, Defaults, out var target, out _);

        Assert.That(target!.Uri.Host, Is.EqualTo("203.0.113.9"));
    }

    [TestCase("fd00::7", "https://[fd00::7]:10250/metrics/resource")]
    [TestCase("2001:db8::1", "https://[2001:db8::1]:10250/metrics/resource")]
    [TestCase("10.1.2.3", "https://10.1.2.3:10250/metrics/resource")]
    public void Puts_IPv6_addresses_in_brackets(string address, string expected)
    {
        KubeletAddressResolver.TryResolve(Node("n", [("InternalIP", address)]), Defaults, out var target, out _);

        Assert.That(target!.Uri.AbsoluteUri, Is.EqualTo(expected));
    }

    [TestCase(true, 11250, 11250, TestName = "status port used when enabled and set")]
    [TestCase(true, 0, 10250, TestName = "status port 0 means the fixed port")]
    [TestCase(false, 11250, 10250, TestName = "status port ignored when disabled")]
    public void Chooses_the_node_status_port_or_the_fixed_port(bool useStatusPort, int statusPort, int expectedPort)
    {
        var settings = Defaults with { UseNodeStatusPort = useStatusPort };

        KubeletAddressResolver.TryResolve(Node("n", [("InternalIP", "10.0.0.1")], statusPort: statusPort), settings, out var target, out _);

        Assert.That(target!.Uri.Port, Is.EqualTo(expectedPort));
    }

    [Test]
    public void Uses_the_configured_fixed_port_when_the_node_reports_none()
    {
        var settings = Defaults with { KubeletPort = 4194 };

        KubeletAddressResolver.TryResolve(Node("n", [("InternalIP", "10.0.0.1")]), settings, out var target, out _);

        Assert.That(target!.Uri.Port, Is.EqualTo(4194));
    }

    [Test]
    public void Rejects_a_status_port_outside_the_valid_range()
    {
        var resolved = KubeletAddressResolver.TryResolve(Node("n", [("InternalIP", "10.0.0.1")], statusPort: 70000), Defaults, out _, out var error);

        Assert.That(resolved, Is.False);
        Assert.That(error, Is.EqualTo("node status reports kubelet port 70000, outside 1-65535"));
    }

    [TestCase("/x", "https://10.0.0.1:10250/x")]
    [TestCase("metrics/cadvisor-resource", "https://10.0.0.1:10250/metrics/cadvisor-resource")]
    [TestCase("", "https://10.0.0.1:10250/metrics/resource")]
    public void Takes_the_path_from_the_node_annotation(string annotation, string expected)
    {
        var node = Node(
            "n",
            [("InternalIP", "10.0.0.1")],
            annotations: new Dictionary<string, string> { ["metrics.k8s.io/resource-metrics-path"] = annotation });

        KubeletAddressResolver.TryResolve(node, Defaults, out var target, out _);

        Assert.That(target!.Uri.AbsoluteUri, Is.EqualTo(expected));
    }

    [Test]
    public void Names_the_preferred_types_when_no_address_matches()
    {
        var node = Node("node1", [("InternalDNS", "node1.internal")]);

        var resolved = KubeletAddressResolver.TryResolve(node, Defaults, out var target, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(resolved, Is.False);
            Assert.That(target, Is.Null);
            Assert.That(error, Is.EqualTo("no address matched types [InternalIP ExternalIP Hostname]"));
        });
    }

    [Test]
    public void A_node_without_addresses_or_status_is_an_error_not_a_crash()
    {
        var node = new k8s.Models.V1Node { Metadata = new k8s.Models.V1ObjectMeta { Name = "bare" } };

        var resolved = KubeletAddressResolver.TryResolve(node, Defaults, out _, out var error);

        Assert.That(resolved, Is.False);
        Assert.That(error, Does.StartWith("no address matched types"));
    }

    [Test]
    public void Skips_empty_addresses()
    {
        var node = Node("n", [("InternalIP", ""), ("ExternalIP", "203.0.113.1")]);

        KubeletAddressResolver.TryResolve(node, Defaults, out var target, out _);

        Assert.That(target!.Uri.Host, Is.EqualTo("203.0.113.1"));
    }

    [Test]
    public void An_IP_address_is_also_written_as_a_kubelet_host_name_with_the_same_port_and_path()
    {
        var node = Node("node1", [("InternalIP", "10.0.0.7")], statusPort: 4194);

        KubeletAddressResolver.TryResolve(node, Defaults, out var target, out _);

        Assert.That(target!.Uri.AbsoluteUri, Is.EqualTo("https://10.0.0.7:4194/metrics/resource"));
        Assert.That(target.NamedUri?.AbsoluteUri, Is.EqualTo("https://node1.ip-0a000007.invalid:4194/metrics/resource"));
    }

    [Test]
    public void A_host_name_address_needs_no_kubelet_host_name()
    {
        var node = Node("node1", [("Hostname", "node1.local")]);

        KubeletAddressResolver.TryResolve(node, Defaults with { PreferredAddressTypes = [NodeAddressType.Hostname] }, out var target, out _);

        Assert.That(target!.NamedUri, Is.Null);
    }

    [Test]
    public void Reports_readiness_of_the_node()
    {
        KubeletAddressResolver.TryResolve(Node("up", [("InternalIP", "10.0.0.1")]), Defaults, out var ready, out _);
        KubeletAddressResolver.TryResolve(Node("down", [("InternalIP", "10.0.0.2")], ready: false), Defaults, out var notReady, out _);

        Assert.That((ready!.IsNodeReady, notReady!.IsNodeReady), Is.EqualTo((true, false)));
    }

    [Test]
    public void Cache_reuses_a_target_until_the_node_or_the_settings_change()
    {
        var cache = new KubeletTargetCache();
        var node = Node("n", [("InternalIP", "10.0.0.1")]);

        cache.TryResolve(node, Defaults, out var first, out _);
        cache.TryResolve(node, Defaults, out var again, out _);
        var moved = Node("n", [("InternalIP", "10.0.0.9")]);
        cache.TryResolve(moved, Defaults, out var afterNodeChange, out _);
        cache.TryResolve(moved, Defaults with { KubeletPort = 1 }, out var afterSettingsChange, out _);

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.SameAs(first));
            Assert.That(afterNodeChange!.Uri.Host, Is.EqualTo("10.0.0.9"));
            Assert.That(afterSettingsChange!.Uri.Port, Is.EqualTo(1));
        });
    }

    [Test]
    public void Cache_forgets_nodes_that_are_no_longer_listed()
    {
        var cache = new KubeletTargetCache();
        cache.TryResolve(Node("a", [("InternalIP", "10.0.0.1")]), Defaults, out _, out _);
        cache.TryResolve(Node("b", [("InternalIP", "10.0.0.2")]), Defaults, out _, out _);

        cache.RemoveAllExcept(new HashSet<string> { "b" });

        Assert.That(cache.Count, Is.EqualTo(1));
    }
}
