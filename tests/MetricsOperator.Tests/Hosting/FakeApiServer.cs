using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using k8s;
using k8s.Models;
using MetricsOperator.Api.V1Alpha1;
using MetricsOperator.KubeletFarm;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MetricsOperator.Tests.Hosting;

/// <summary>
/// Just enough of an API server for the operator: node LIST and pod metadata LIST over HTTPS (whatever the test's
/// kubelet farm simulates), watches that stay open and quiet, and for everything else a naive object store
/// (<see cref="FakeObjectStore"/>) holding the given MetricsBackends and whatever the operator writes: Leases,
/// Events and the reconciler's children. It does not validate, select, or run controllers: what the operator
/// sends is captured in <see cref="Writes"/> for the test to check.
/// </summary>
internal sealed class FakeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeApiServer(WebApplication app, Uri address, FakeObjectStore store, AggregatedApiProxy aggregation)
    {
        _app = app;
        Address = address;
        Store = store;
        Aggregation = aggregation;
    }

    public Uri Address { get; }

    public FakeObjectStore Store { get; }

    public IReadOnlyCollection<CapturedWrite> Writes => Store.Writes;

    /// <summary>Where <c>/apis</c> and the metrics.k8s.io group are forwarded to.</summary>
    public AggregatedApiProxy Aggregation { get; }

    public static async Task<FakeApiServer> StartAsync(
        KubeletFarmHost farm, X509Certificate2 servingCertificate, string? clientCaPem = null, IReadOnlyList<MetricsBackend>? backends = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(servingCertificate);
        }));
        var app = builder.Build();
        var store = new FakeObjectStore();
        foreach (var backend in backends ?? [])
        {
            store.Seed($"/apis/{MetricsBackend.GroupVersion}/{MetricsBackend.KubePluralName}/{backend.Metadata.Name}", KubernetesJson.Serialize(backend));
        }

        var aggregation = new AggregatedApiProxy();
        app.MapGet("/apis", aggregation.ForwardAsync);
        app.MapGet("/apis/metrics.k8s.io/{**rest}", aggregation.ForwardAsync);
        app.MapGet("/api/v1/nodes", (HttpContext context) => IsWatch(context)
            ? HoldWatchOpenAsync(context)
            : WriteJsonAsync(context, KubernetesJson.Serialize(new V1NodeList
            {
                ApiVersion = "v1",
                Kind = "NodeList",
                Metadata = new V1ListMeta { ResourceVersion = "100" },
                Items = [.. farm.Nodes.Select(node => node.ToV1Node())],
            })));
        app.MapGet("/api/v1/pods", (HttpContext context) => IsWatch(context)
            ? HoldWatchOpenAsync(context)
            : WriteJsonAsync(context, PodMetadataList(farm)));
        // The aggregated API server's client CA, and a SubjectAccessReview that allows only "viewer".
        app.MapGet("/api/v1/namespaces/kube-system/configmaps", (HttpContext context) => IsWatch(context)
            ? HoldWatchOpenAsync(context)
            : WriteJsonAsync(context, KubernetesJson.Serialize(new V1ConfigMapList
            {
                ApiVersion = "v1",
                Kind = "ConfigMapList",
                Metadata = new V1ListMeta { ResourceVersion = "100" },
                Items = clientCaPem is null ? [] :
                [
                    new V1ConfigMap
                    {
                        Metadata = new V1ObjectMeta { Name = "extension-apiserver-authentication", NamespaceProperty = "kube-system", ResourceVersion = "100" },
                        Data = new Dictionary<string, string> { ["client-ca-file"] = clientCaPem },
                    },
                ],
            })));
        app.MapPost("/apis/authorization.k8s.io/v1/subjectaccessreviews", async (HttpContext context) =>
        {
            var review = KubernetesJson.Deserialize<V1SubjectAccessReview>(await new StreamReader(context.Request.Body).ReadToEndAsync().ConfigureAwait(false));
            review.Status = new V1SubjectAccessReviewStatus { Allowed = review.Spec.User == "viewer", Reason = "fake API server" };
            await WriteJsonAsync(context, KubernetesJson.Serialize(review)).ConfigureAwait(false);
        });
        // An explicit pattern: the default fallback skips paths that look like files (v1beta1.metrics.k8s.io).
        app.MapFallback("/{**path}", (HttpContext context) => IsWatch(context) ? HoldWatchOpenAsync(context) : store.HandleAsync(context));
        await app.StartAsync().ConfigureAwait(false);
        var address = new Uri(app.Urls.First());
        return new FakeApiServer(app, address, store, aggregation);
    }

    /// <summary>A kubeconfig that trusts <paramref name="ca"/> and authenticates with <paramref name="token"/>.</summary>
    public string WriteKubeconfig(string directory, TestCertificateAuthority ca, string token)
    {
        var path = Path.Combine(directory, "kubeconfig");
        var caData = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(ca.CertificatePem));
        File.WriteAllText(path, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {{Address.ToString().TrimEnd('/')}}
                certificate-authority-data: {{caData}}
            users:
            - name: operator
              user:
                token: {{token}}
            contexts:
            - name: fake
              context: {cluster: fake, user: operator}
            current-context: fake
            """);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static string PodMetadataList(KubeletFarmHost farm)
    {
        var items = farm.Nodes.SelectMany(node => node.Pods).Select(pod => new
        {
            apiVersion = "meta.k8s.io/v1",
            kind = "PartialObjectMetadata",
            metadata = new { name = pod.Name, @namespace = pod.Namespace, uid = pod.Uid, labels = pod.Labels, resourceVersion = "100" },
        });
        return JsonSerializer.Serialize(new
        {
            apiVersion = "meta.k8s.io/v1",
            kind = "PartialObjectMetadataList",
            metadata = new { resourceVersion = "100" },
            items,
        });
    }

    private static bool IsWatch(HttpContext context) =>
        context.Request.Query["watch"] is { Count: > 0 } watch && watch[0] is "true" or "1";

    private static async Task WriteJsonAsync(HttpContext context, string body)
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task HoldWatchOpenAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        // Kestrel waits for open requests on shutdown, so end the watch when the server stops too.
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            await Task.Delay(Timeout.Infinite, ended.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The informer closed its watch; nothing left to send.
        }
    }
}
