using System.Globalization;
using System.Net;
using System.Text;
using k8s;
using k8s.Models;
using MetricsOperator.Kubernetes.Apply;
using MetricsOperator.Kubernetes.ListWatch;

namespace MetricsOperator.Tests.Kubernetes.Testing;

/// <summary>
/// One Lease held in memory with the API server's optimistic concurrency (resourceVersion checked on replace, 409 on a
/// stale one or on creating an existing lease). Each client gets its own handler over the shared lease.
/// </summary>
internal sealed class FakeLeaseStore
{
    private const string LeasesPath = "/apis/coordination.k8s.io/v1/namespaces/ops/leases";
    private readonly Lock _gate = new();
    private V1Lease? _lease;
    private int _version;

    public const string Namespace = "ops";
    public const string Name = "metrics-operator-leader";

    public V1LeaseSpec? Spec
    {
        get
        {
            lock (_gate)
            {
                return _lease?.Spec;
            }
        }
    }

    /// <summary>A client whose lease requests are answered by this store.</summary>
    public k8s.Kubernetes Client() =>
        new(new KubernetesClientConfiguration { Host = "http://127.0.0.1:6443", AccessToken = "t" }, new Handler(this));

    /// <summary>The operator's resource client over <see cref="Client"/>.</summary>
    public KubernetesResourceClient ResourceClient() => new(KubernetesApiEndpoint.FromClient(Client()));

    /// <summary>Another holder takes the lease and renews it now, as a partitioned leader would see it.</summary>
    public void GiveTo(string holder)
    {
        lock (_gate)
        {
            var now = DateTime.UtcNow;
            _lease!.Spec.HolderIdentity = holder;
            _lease.Spec.AcquireTime = now;
            _lease.Spec.RenewTime = now;
            _lease.Metadata.ResourceVersion = (++_version).ToString(CultureInfo.InvariantCulture);
        }
    }

    private HttpResponseMessage Answer(HttpMethod method, string path, string? body)
    {
        lock (_gate)
        {
            if (method == HttpMethod.Get && path == $"{LeasesPath}/{Name}")
            {
                return _lease is null ? Status(HttpStatusCode.NotFound, "NotFound") : Json(_lease);
            }

            if (method == HttpMethod.Post && path == LeasesPath)
            {
                if (_lease is not null)
                {
                    return Status(HttpStatusCode.Conflict, "AlreadyExists");
                }

                return Json(Store(KubernetesJson.Deserialize<V1Lease>(body!)), HttpStatusCode.Created);
            }

            if (method == HttpMethod.Put && path == $"{LeasesPath}/{Name}")
            {
                var replacement = KubernetesJson.Deserialize<V1Lease>(body!);
                if (_lease is null || replacement.Metadata.ResourceVersion != _lease.Metadata.ResourceVersion)
                {
                    return Status(HttpStatusCode.Conflict, "Conflict");
                }

                return Json(Store(replacement));
            }

            return Status(HttpStatusCode.NotFound, "NotFound");
        }
    }

    private V1Lease Store(V1Lease lease)
    {
        lease.Metadata.ResourceVersion = (++_version).ToString(CultureInfo.InvariantCulture);

        // Round-trip so callers never share the stored instance.
        _lease = KubernetesJson.Deserialize<V1Lease>(KubernetesJson.Serialize(lease));
        return lease;
    }

    private static HttpResponseMessage Json(object body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(KubernetesJson.Serialize(body), Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Status(HttpStatusCode status, string reason) =>
        new(status)
        {
            Content = new StringContent(
                $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"{{reason}}","code":{{(int)status}}}""", Encoding.UTF8, "application/json"),
        };

    private sealed class Handler(FakeLeaseStore store) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var response = store.Answer(request.Method, request.RequestUri!.AbsolutePath, body);
            response.RequestMessage = request;
            return response;
        }
    }
}
