using MetricsOperator.SimulatedCluster.Sandbox;

namespace MetricsOperator.Tests.SimulatedCluster.Sandbox;

[TestFixture]
internal sealed class SandboxOptionsTests
{
    [Test]
    public void DefaultsAreThoseOfTheIssue()
    {
        var options = SandboxOptions.Parse([]);

        Assert.That((options.Kubeconfig, options.Nodes, options.PodsPerNode, options.Seed, options.NoSample, options.Operators), Is.EqualTo((Path.Combine(".sandbox", "kubeconfig"), 3, 10, (string?)null, false, 1)));
    }

    [Test]
    public void EveryOptionParses()
    {
        var options = SandboxOptions.Parse(["--kubeconfig", "/tmp/k", "--nodes", "5", "--pods-per-node", "2", "--no-sample", "--operators", "2"]);

        Assert.That((options.Kubeconfig, options.Nodes, options.PodsPerNode, options.NoSample, options.Operators), Is.EqualTo(("/tmp/k", 5, 2, true, 2)));
    }

    [TestCase(new[] { "--nodes", "many" }, "--nodes: \"many\" is not a whole number")]
    [TestCase(new[] { "--nodes" }, "--nodes needs a value")]
    [TestCase(new[] { "--operators", "9" }, "--operators 9 is outside 0-5")]
    [TestCase(new[] { "--seed", "/nonexistent/seed.yaml" }, "--seed /nonexistent/seed.yaml: no such file")]
    [TestCase(new[] { "--colour" }, "unknown option --colour")]
    public void BadOptionsAreRefusedNamingTheCause(string[] args, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => SandboxOptions.Parse(args));

        Assert.That(error!.Message, Does.StartWith(message));
    }
}
