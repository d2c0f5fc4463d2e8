using k8s.Models;
using MetricsOperator.SimulatedCluster.Sandbox;
using StandIn = MetricsOperator.SimulatedCluster.ControlPlane.ControlPlane;

namespace MetricsOperator.Tests.SimulatedCluster.Sandbox;

[TestFixture]
internal sealed class WorkloadRegistrationTests
{
    [Test]
    public void ASeedListOfNodesAndPodsIsRegisteredWithItsNamespaces()
    {
        using var plane = new StandIn(TimeProvider.System);
        var seed = Path.GetTempFileName();
        try
        {
            File.WriteAllText(seed, """
                apiVersion: v1
                kind: List
                items:
                - apiVersion: v1
                  kind: Node
                  metadata: {name: outside-1}
                  status:
                    addresses: [{type: InternalIP, address: 10.0.0.5}]
                - apiVersion: v1
                  kind: Pod
                  metadata: {name: web, namespace: shop}
                  spec: {nodeName: outside-1, containers: [{name: web, image: nginx}]}
                  status: {phase: Running}
                """);

            var count = WorkloadRegistration.RegisterSeed(plane.State, seed);

            Assert.That(count, Is.EqualTo(2));
            Assert.That(plane.State.Get<V1Node>(null, "outside-1")!.Status.Addresses.Single().Address, Is.EqualTo("10.0.0.5"));
            Assert.That(plane.State.Get<V1Pod>("shop", "web")!.Status.Phase, Is.EqualTo("Running"));
            Assert.That(plane.State.Get<V1Namespace>(null, "shop"), Is.Not.Null);
        }
        finally
        {
            File.Delete(seed);
        }
    }

    [Test]
    public void ASeedWithAnotherKindIsRefusedNamingIt()
    {
        using var plane = new StandIn(TimeProvider.System);
        var seed = Path.GetTempFileName();
        try
        {
            File.WriteAllText(seed, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: default}\n");

            var error = Assert.Throws<InvalidDataException>(() => WorkloadRegistration.RegisterSeed(plane.State, seed));

            Assert.That(error!.Message, Does.EndWith("only Node and Pod objects can be seeded, not ConfigMap"));
        }
        finally
        {
            File.Delete(seed);
        }
    }
}
