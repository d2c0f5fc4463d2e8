using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using MetricsOperator.Kubernetes.Serialization;

namespace MetricsOperator.Tests.Kubernetes.Serialization;

/// <summary>
/// The operator must never call what loads KubernetesClient's all-models JSON context (~10 MiB resident per process):
/// <c>KubernetesJson</c>'s methods, or the typed client's API groups (<c>client.CoreV1…</c>), which use it. Its
/// converter types are fine. Read from the operator assembly's member references, so a new call anywhere fails here.
/// </summary>
public sealed class AllModelsContextGuardTests
{
    // What KubernetesApiEndpoint.FromClient takes from the client: its connection, not its operations.
    private static readonly HashSet<string> ConnectionMembers = ["get_BaseUri", "get_HttpClient", "get_Credentials"];

    [Test]
    public void The_operator_assembly_calls_neither_KubernetesJson_nor_the_typed_client()
    {
        var offending = new List<string>();
        using (var file = File.OpenRead(typeof(KubernetesJsonSerializer).Assembly.Location))
        using (var pe = new PEReader(file))
        {
            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.MemberReferences)
            {
                var member = metadata.GetMemberReference(handle);
                if (member.Parent.Kind != HandleKind.TypeReference)
                {
                    continue;
                }

                var type = metadata.GetTypeReference((TypeReferenceHandle)member.Parent);
                var typeName = metadata.GetString(type.Name);
                var memberName = metadata.GetString(member.Name);
                var inK8s = type.ResolutionScope.Kind != HandleKind.TypeReference && metadata.GetString(type.Namespace) == "k8s";
                var typedClient = typeName is "IKubernetes" or "Kubernetes" && memberName != ".ctor" && !ConnectionMembers.Contains(memberName);
                if (inK8s && (typeName is "KubernetesJson" or "GenericClient" || typedClient))
                {
                    offending.Add($"{typeName}.{memberName}");
                }
            }
        }

        Assert.That(offending, Is.Empty, "use KubernetesJsonSerializer and IKubernetesResourceClient / HttpListWatchSource instead");
    }
}
