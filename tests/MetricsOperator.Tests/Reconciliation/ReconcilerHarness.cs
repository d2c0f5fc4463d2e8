using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.Certificates;
using MetricsOperator.Kubernetes.Apply;
using MetricsOperator.Kubernetes.Events;
using MetricsOperator.Reconciliation;
using MetricsOperator.Reconciliation.Spec;
using MetricsOperator.Scraping;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace MetricsOperator.Tests.Reconciliation;

/// <summary>
/// A reconciler over a Moq cluster client that remembers what was applied, so consecutive reconciles see their own
/// writes the way they would against an API server. Every call is logged in <see cref="Calls"/>, in order.
/// </summary>
internal sealed class ReconcilerHarness
{
    public const string Namespace = "metrics-operator";

    private readonly Dictionary<string, V1Secret> _secrets = new(StringComparer.Ordinal);

    public ReconcilerHarness(DevelopmentMode? developmentMode = null)
    {
        DevelopmentMode = developmentMode ?? DevelopmentMode.Off;
        Client.Setup(c => c.ListAsync<MetricsBackend>(null, null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => { Calls.Add("list MetricsBackend"); return Backends.ToList(); });
        Client.Setup(c => c.GetAsync<V1APIService>(null, ChildNames.ApiService, It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => { Calls.Add("get APIService"); return ApiService; });
        Client.Setup(c => c.GetAsync<V1Secret>(Namespace, It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string? _, string name, CancellationToken _) => { Calls.Add("get Secret " + name); return _secrets.GetValueOrDefault(name); });
        Client.Setup(c => c.ApplyAsync(It.IsAny<V1Secret>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((V1Secret secret, CancellationToken _) => { Calls.Add("apply Secret " + secret.Metadata.Name); _secrets[secret.Metadata.Name] = secret; return secret; });
        Client.Setup(c => c.ApplyAsync(It.IsAny<V1Service>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((V1Service service, CancellationToken _) => { Calls.Add("apply Service " + service.Metadata.Name); Service = service; return service; });
        Client.Setup(c => c.ApplyAsync(It.IsAny<V1APIService>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((V1APIService apiService, CancellationToken _) =>
            {
                Calls.Add("apply APIService");
                var stored = KubernetesJson.Deserialize<V1APIService>(KubernetesJson.Serialize(apiService));
                stored.Metadata.Uid = "apiservice-uid";
                stored.Status = ApiService?.Status;
                ApiService = stored;
                return stored;
            });
        Client.Setup(c => c.ApplyAsync(It.IsAny<V1ClusterRole>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((V1ClusterRole role, CancellationToken _) => { Calls.Add("apply ClusterRole"); ClusterRole = role; return role; });
        Client.Setup(c => c.ApplyAsync(It.IsAny<V1ClusterRoleBinding>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((V1ClusterRoleBinding binding, CancellationToken _) => { Calls.Add("apply ClusterRoleBinding"); ClusterRoleBinding = binding; return binding; });
        Client.Setup(c => c.DeleteAsync<V1ClusterRoleBinding>(null, ChildNames.ReaderClusterRoleBinding, It.IsAny<CancellationToken>(), It.IsAny<string?>()))
            .Returns(() => { Calls.Add("delete ClusterRoleBinding"); ClusterRoleBinding = null; return Task.CompletedTask; });
        Client.Setup(c => c.DeleteAsync<V1APIService>(null, ChildNames.ApiService, It.IsAny<CancellationToken>(), It.IsAny<string?>()))
            .Returns((string? _, string _, CancellationToken _, string? uid) => { Calls.Add($"delete APIService uid={uid}"); ApiService = null; return Task.CompletedTask; });
        Client.Setup(c => c.PatchMetadataAsync<MetricsBackend>(null, It.IsAny<string>(), It.IsAny<object>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string? _, string name, object patch, CancellationToken _) =>
            {
                Calls.Add("patch MetricsBackend metadata");
                MetadataPatches.Add((JsonObject)patch);
                return ApplyMetadataPatch(Backends.Single(b => b.Metadata.Name == name), (JsonObject)patch);
            });
        Client.Setup(c => c.ApplyStatusAsync(It.IsAny<MetricsBackend>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((MetricsBackend desired, CancellationToken _) =>
            {
                Calls.Add("patch MetricsBackend status");
                var stored = Backends.Single(b => b.Metadata.Name == desired.Metadata.Name);
                stored.Status = KubernetesJson.Deserialize<MetricsBackendStatus>(KubernetesJson.Serialize(desired.Status));
                return stored;
            });
    }

    public Mock<IKubernetesResourceClient> Client { get; } = new(MockBehavior.Strict);

    public Mock<IEventRecorder> Events { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.Zero));

    public DevelopmentMode DevelopmentMode { get; }

    public List<MetricsBackend> Backends { get; } = [];

    public V1APIService? ApiService { get; set; }

    public V1Service? Service { get; private set; }

    public V1ClusterRole? ClusterRole { get; private set; }

    public V1ClusterRoleBinding? ClusterRoleBinding { get; private set; }

    public ScrapeStatusSummary Scrape { get; set; } = new(3, 3, 0, null, 0, null, null);

    public List<string> Calls { get; } = [];

    public List<JsonObject> MetadataPatches { get; } = [];

    public IReadOnlyDictionary<string, V1Secret> Secrets => _secrets;

    public MetricsBackend Backend(string name = "default") => Backends.Single(b => b.Metadata.Name == name);

    public MetricsBackendReconciler Reconciler()
    {
        var scrape = new Mock<IScrapeHealthSource>();
        scrape.Setup(s => s.Current()).Returns(() => Scrape);
        return new MetricsBackendReconciler(
            Client.Object,
            Events.Object,
            scrape.Object,
            new CertificateRotationPlanner(Time),
            new ReconcilerOptions { OperatorNamespace = Namespace },
            DevelopmentMode,
            Time,
            NullLogger<MetricsBackendReconciler>.Instance);
    }

    /// <summary>Events recorded, as "Kind Reason: note".</summary>
    public IReadOnlyList<string> RecordedEvents() =>
        Events.Invocations
            .Where(i => i.Method.Name == nameof(IEventRecorder.Record))
            .Select(i => $"{i.Arguments[1]} {i.Arguments[2]}: {i.Arguments[4]}")
            .ToList();

    /// <summary>The aggregator reporting on our APIService.</summary>
    public void SetApiServiceAvailable(string status, string reason, string message) =>
        ApiService!.Status = new V1APIServiceStatus
        {
            Conditions = [new V1APIServiceCondition { Type = "Available", Status = status, Reason = reason, Message = message }],
        };

    private static MetricsBackend ApplyMetadataPatch(MetricsBackend backend, JsonObject patch)
    {
        var metadata = patch["metadata"]!.AsObject();
        if (metadata["finalizers"] is JsonArray finalizers)
        {
            backend.Metadata.Finalizers = finalizers.Select(f => f!.GetValue<string>()).ToList();
        }

        if (metadata["annotations"] is JsonObject annotations)
        {
            backend.Metadata.Annotations ??= new Dictionary<string, string>();
            foreach (var (key, value) in annotations)
            {
                backend.Metadata.Annotations[key] = value!.GetValue<string>();
            }
        }

        backend.Metadata.ResourceVersion = (long.Parse(backend.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) + 1)
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
        return backend;
    }
}
