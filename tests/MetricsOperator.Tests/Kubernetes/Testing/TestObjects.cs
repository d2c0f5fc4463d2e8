using k8s.Models;
using MetricsOperator.Kubernetes.ListWatch;

namespace MetricsOperator.Tests.Kubernetes.Testing;

/// <summary>Small Kubernetes objects for cache and informer tests.</summary>
internal static class TestObjects
{
    public static V1ConfigMap ConfigMap(
        string name, string resourceVersion, string ns = "default", IDictionary<string, string>? labels = null, params string[] ownerUids) =>
        new()
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ns,
                ResourceVersion = resourceVersion,
                Labels = labels,
                OwnerReferences = ownerUids.Length == 0
                    ? null
                    : ownerUids.Select(uid => new V1OwnerReference { ApiVersion = "v1", Kind = "Owner", Name = "owner-" + uid, Uid = uid }).ToList(),
            },
        };

    public static V1ConfigMap Bookmark(string resourceVersion) => new() { Metadata = new V1ObjectMeta { ResourceVersion = resourceVersion } };

    public static PartialObjectMetadata Pod(string ns, string name, string uid, params (string Key, string Value)[] labels) =>
        new()
        {
            Metadata = new V1ObjectMeta
            {
                NamespaceProperty = ns,
                Name = name,
                Uid = uid,
                Labels = labels.Length == 0 ? null : labels.ToDictionary(label => label.Key, label => label.Value),
            },
        };

    public static V1Status Status(int code, string reason, string message = "test") =>
        new() { Kind = "Status", ApiVersion = "v1", Status = "Failure", Code = code, Reason = reason, Message = message };
}
