using k8s;
using k8s.Models;

namespace MetricsOperator.Kubernetes.Events;

/// <summary>Records events.k8s.io Events about an object. Never blocks and never throws on API trouble.</summary>
internal interface IEventRecorder
{
    /// <param name="reason">Short CamelCase cause, e.g. <c>CertificateRotated</c>.</param>
    /// <param name="action">What the controller did or failed to do, e.g. <c>Apply</c>.</param>
    /// <param name="note">Human-readable detail (at most 1 kB is kept).</param>
    void Record(IKubernetesObject<V1ObjectMeta> regarding, EventKind kind, string reason, string action, string note);
}
